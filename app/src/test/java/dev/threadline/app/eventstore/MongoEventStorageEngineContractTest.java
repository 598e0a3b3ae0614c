package dev.threadline.app.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.threadline.app.InJvmMongo;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngineTest;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs Axon's own storage-engine contract tests ({@link BatchingEventStorageEngineTest} and its parents) against
 * {@link MongoEventStorageEngine} on an in-JVM Mongo-wire server.
 */
class MongoEventStorageEngineContractTest
        extends BatchingEventStorageEngineTest<MongoEventStorageEngine, MongoEventStorageEngine.Builder> {

    private static InJvmMongo mongo;
    private static MongoClient client;

    private MongoDatabase database;

    @BeforeAll
    static void startServer() {
        mongo = new InJvmMongo();
        client = mongo.client();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        database = client.getDatabase("contract-" + UUID.randomUUID());
        setTestSubject(createEngine());
    }

    @Override
    protected MongoEventStorageEngine createEngine(UnaryOperator<MongoEventStorageEngine.Builder> customization) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        MongoEventStorageEngine.Builder builder = MongoEventStorageEngine.builder()
                .mongoDatabase(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer);
        MongoEventStorageEngine engine = customization.apply(builder).build();
        engine.ensureIndexes();
        return engine;
    }
}
