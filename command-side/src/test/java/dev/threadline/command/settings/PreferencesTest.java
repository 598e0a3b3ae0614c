package dev.threadline.command.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.settings.UserSettings;
import dev.threadline.events.settings.UserSettingsChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** User settings (DOMAIN.md §1.15, §3.13; §9 item 73). */
class PreferencesTest {

    static final UserId OWNER = new UserId("owner");

    private final AggregateTestFixture<Preferences> fixture = new AggregateTestFixture<>(Preferences.class);

    static UserSettings only(Boolean rewindSeams, String displayMode) {
        return new UserSettings(null, displayMode, null, null, null, rewindSeams);
    }

    @Test
    void givenNothing_whenFirstChange_thenDefaultsMergedWithIt() {
        fixture.givenNoPriorActivity()
                .when(new ChangeUserSettings(OWNER, only(false, null)))
                .expectEvents(new UserSettingsChanged(
                        OWNER, new UserSettings(true, "standard", "harness", "session", "workspaces", false)));
    }

    @Test
    void givenSettings_whenPartialChange_thenOthersNotClobbered() {
        UserSettings stored = new UserSettings(true, "standard", "harness", "session", "workspaces", false);
        fixture.given(new UserSettingsChanged(OWNER, stored))
                .when(new ChangeUserSettings(OWNER, only(null, "zen")))
                .expectEvents(new UserSettingsChanged(
                        OWNER, new UserSettings(true, "zen", "harness", "session", "workspaces", false)));
    }

    @Test
    void givenSettings_whenNothingChanges_thenNoEvent() {
        UserSettings stored = UserSettings.DEFAULTS;
        fixture.given(new UserSettingsChanged(OWNER, stored))
                .when(new ChangeUserSettings(OWNER, only(true, "standard")))
                .expectNoEvents();
    }

    @Test
    void givenNothing_whenUnknownDisplayMode_thenRejected() {
        fixture.givenNoPriorActivity()
                .when(new ChangeUserSettings(OWNER, only(null, "loud")))
                .expectNoEvents()
                .expectExceptionMessage("displayMode must be one of developer, standard, zen");
    }

    @Test
    void effectiveSettings_defaultsAndLegacyScopeRule() {
        assertThat(new UserSettings(null, null, null, null, null, null).effective())
                .isEqualTo(UserSettings.DEFAULTS);
        assertThat(new UserSettings(null, null, null, "session", null, null)
                        .effective()
                        .chatConfigScope())
                .isEqualTo("session");
        assertThat(new UserSettings(null, null, null, "harness", null, null)
                        .effective()
                        .chatConfigScope())
                .isEqualTo("harness");
        assertThat(new UserSettings(null, null, "harness", "session", null, null)
                        .effective()
                        .chatConfigScope())
                .isEqualTo("harness");
        assertThat(UserSettings.DEFAULTS.effective().rewindSeams()).isTrue();
    }
}
