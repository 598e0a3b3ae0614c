package dev.threadline.projection.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.settings.UserSettings;
import dev.threadline.events.settings.UserSettingsChanged;
import dev.threadline.projection.InMemoryMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoredUserSettingsProjectionTest {

    static final UserId OWNER = new UserId("u");
    static final UserSettings FIRST = new UserSettings(true, "standard", "harness", "session", "workspaces", false);
    static final UserSettings SECOND = new UserSettings(true, "zen", "harness", "session", "workspaces", false);

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final StoredUserSettingsProjection projection = new StoredUserSettingsProjection(mongo.template);

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void keepsTheLatestSettingsAlsoWhenReplayed() {
        projection.on(new UserSettingsChanged(OWNER, FIRST), 0);
        projection.on(new UserSettingsChanged(OWNER, SECOND), 1);
        projection.on(new UserSettingsChanged(OWNER, FIRST), 0);
        projection.on(new UserSettingsChanged(OWNER, SECOND), 1);

        assertThat(mongo.template.findById("u", StoredUserSettings.class))
                .isEqualTo(new StoredUserSettings("u", SECOND, 1));
    }
}
