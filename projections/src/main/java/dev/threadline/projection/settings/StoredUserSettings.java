package dev.threadline.projection.settings;

import dev.threadline.events.settings.UserSettings;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person's stored settings, as last changed. */
@Document("user_settings")
public record StoredUserSettings(@Id String id, UserSettings settings, long version) {}
