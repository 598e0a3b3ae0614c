package dev.threadline.projection.settings;

import dev.threadline.events.settings.UserSettingsChanged;
import dev.threadline.projection.VersionedDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Keeps each person's settings. */
@Component
@ProcessingGroup(StoredUserSettingsProjection.GROUP)
public class StoredUserSettingsProjection {

    public static final String GROUP = "user-settings";

    private final VersionedDocuments writes;

    public StoredUserSettingsProjection(MongoTemplate mongo) {
        this.writes = new VersionedDocuments(mongo, StoredUserSettings.class);
    }

    @EventHandler
    void on(UserSettingsChanged event, @SequenceNumber long sequence) {
        String id = event.ownerId().value();
        writes.create(id, new StoredUserSettings(id, event.settings(), sequence));
        writes.apply(id, sequence, new Update().set("settings", event.settings()));
    }

    @ResetHandler
    void reset() {
        writes.clear();
    }
}
