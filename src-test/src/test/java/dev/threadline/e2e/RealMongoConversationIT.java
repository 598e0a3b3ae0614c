package dev.threadline.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same scenario against a real MongoDB replica set; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoConversationIT {

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

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void fullConversationWithAStreamedTurn() {
        scenario.fullConversationWithAStreamedTurn();
    }

    @Test
    void strangerGetsNotFound() {
        scenario.strangerGetsNotFound();
    }

    @Test
    void tooLongMessageIsRefused() {
        scenario.tooLongMessageIsRefused();
    }

    @Test
    void concurrentPostersLoseNothing() throws Exception {
        scenario.concurrentPostersLoseNothing();
    }

    @Test
    void idempotencyKeyRetriedReturnsTheFirstResult() {
        scenario.idempotencyKeyRetriedReturnsTheFirstResult();
    }

    @Test
    void secondTurnWhileOneRunsIsAConflict() {
        scenario.secondTurnWhileOneRunsIsAConflict();
    }

    @Test
    void disconnectMidTurnLeavesAnInterruptedMessage() {
        scenario.disconnectMidTurnLeavesAnInterruptedMessage();
    }
}
