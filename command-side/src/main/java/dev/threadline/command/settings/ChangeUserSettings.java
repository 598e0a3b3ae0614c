package dev.threadline.command.settings;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.settings.UserSettings;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change some settings; null fields are left as they are. */
public record ChangeUserSettings(UserId owner, UserSettings patch) {

    @TargetAggregateIdentifier
    public String settingsId() {
        return Preferences.idOf(owner);
    }
}
