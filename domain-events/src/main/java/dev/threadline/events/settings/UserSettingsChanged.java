package dev.threadline.events.settings;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A person changed settings; the event carries all stored settings after the change. */
@Revision("1")
public record UserSettingsChanged(UserId ownerId, UserSettings settings) {

    public UserSettingsChanged {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(settings, "settings");
    }
}
