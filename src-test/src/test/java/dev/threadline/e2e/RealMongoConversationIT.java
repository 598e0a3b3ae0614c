package dev.threadline.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same scenario against a real MongoDB replica set; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoConversationIT extends ConversationScenarioTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    @TempDir
    static Path dataDirectory;

    private static RunningApp app;
    private static ConversationScenario scenario;

    @BeforeAll
    static void start() {
        app = RunningApp.start(
                dataDirectory,
                Map.of(
                        "threadline.store.uri", MONGO.getReplicaSetUrl("threadline"),
                        "spring.data.mongodb.uri", MONGO.getReplicaSetUrl("threadline"),
                        "threadline.auth.mode", "dev"));
        scenario = new ConversationScenario(app);
    }

    @Override
    ConversationScenario scenario() {
        return scenario;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }
}
