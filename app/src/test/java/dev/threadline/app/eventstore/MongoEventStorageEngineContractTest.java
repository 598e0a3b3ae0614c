package dev.threadline.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.threadline.app.InJvmMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngineTest;
import org.axonframework.eventsourcing.utils.EventStoreTestUtils;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs Axon's own storage-engine contract tests ({@link BatchingEventStorageEngineTest} and its parents, whose
 * assertions are inherited) against {@link MongoEventStorageEngine} on an in-JVM Mongo-wire server, plus what this
 * engine adds to the contract: the stored shape its reads by value rely on.
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

    @Test
    void eventsAreStoredWithConsecutiveGlobalIndexesAndTheKeyTheyAreReadBy() {
        MongoEventStorageEngine engine = createEngine(builder -> builder);

        engine.appendEvents(EventStoreTestUtils.createEvents(3));

        List<Document> stored = database.getCollection("events")
                .find()
                .sort(Sorts.ascending(MongoEventStorageEngine.GLOBAL_INDEX))
                .into(new ArrayList<>());
        assertThat(stored)
                .extracting(document -> ((Number) document.get(MongoEventStorageEngine.GLOBAL_INDEX)).longValue())
                .containsExactly(1L, 2L, 3L);
        assertThat(stored)
                .extracting(document -> document.getString(MongoEventStorageEngine.STREAM_KEY))
                .containsExactly(
                        EventStoreTestUtils.AGGREGATE + ":0",
                        EventStoreTestUtils.AGGREGATE + ":1",
                        EventStoreTestUtils.AGGREGATE + ":2");
    }
}
