package dev.threadline.events.settings;

/**
 * A person's interface settings. A null field is unset; {@link #effective()} fills in the defaults.
 *
 * @param rewindSeams whether mid-message rewind seams are offered (never gates whole-message rewind or fork)
 */
public record UserSettings(
        Boolean autoSwitchHarness,
        String displayMode,
        String chatConfigScope,
        String modelSelectorMode,
        String workspacesMode,
        Boolean rewindSeams) {

    /** What a person without stored settings gets. */
    public static final UserSettings DEFAULTS =
            new UserSettings(true, "standard", "harness", "session", "workspaces", true);

    /** These settings with every unset field taken from {@code base}. */
    public UserSettings over(UserSettings base) {
        return new UserSettings(
                autoSwitchHarness == null ? base.autoSwitchHarness : autoSwitchHarness,
                displayMode == null ? base.displayMode : displayMode,
                chatConfigScope == null ? base.chatConfigScope : chatConfigScope,
                modelSelectorMode == null ? base.modelSelectorMode : modelSelectorMode,
                workspacesMode == null ? base.workspacesMode : workspacesMode,
                rewindSeams == null ? base.rewindSeams : rewindSeams);
    }

    /**
     * The settings as the product applies them. An unset chat-config scope follows the older model-selector mode
     * ({@code session} stays {@code session}); everything else unset takes its default.
     */
    public UserSettings effective() {
        String scope = chatConfigScope != null
                ? chatConfigScope
                : modelSelectorMode == null ? null : modelSelectorMode.equals("session") ? "session" : "harness";
        return new UserSettings(autoSwitchHarness, displayMode, scope, modelSelectorMode, workspacesMode, rewindSeams)
                .over(DEFAULTS);
    }
}
