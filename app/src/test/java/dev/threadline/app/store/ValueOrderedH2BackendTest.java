package dev.threadline.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store with value-ordered unique indexes answers and refuses exactly as the stock H2 backend does, keeps
 * doing so across restarts, and takes over a file the stock backend wrote or changed.
 */
class ValueOrderedH2BackendTest {

    @TempDir
    Path directory;

    @Test
    void givenTheSameOperations_whenRunOnBothBackends_thenEveryAnswerAndRefusalIsTheSame() {
        List<String> stock = run(new H2Backend(directory.resolve("stock.mv").toString()));
        List<String> valueOrdered =
                run(new ValueOrderedH2Backend(directory.resolve("ours.mv").toString()));

        assertThat(valueOrdered).hasSize(stock.size()).isEqualTo(stock);
        assertThat(stock).anyMatch(outcome -> outcome.startsWith("refused")).anyMatch(outcome -> outcome.equals("1"));
    }

    @Test
    void givenKeysWrittenHere_whenTheStoreRestarts_thenEachIsFoundAndStillUnique() {
        Path file = directory.resolve("restart.mv");
        try (Store store = new Store(new ValueOrderedH2Backend(file.toString()))) {
            store.indexed();
            for (int i = 0; i < 300; i++) {
                store.events().insertOne(event("aggregate-" + (i % 7), i / 7, "event-" + i));
            }
        }
        try (Store store = new Store(new ValueOrderedH2Backend(file.toString()))) {
            for (int i = 0; i < 300; i++) {
                Document found = store.events()
                        .find(Filters.and(
                                Filters.eq("aggregateIdentifier", "aggregate-" + (i % 7)),
                                Filters.eq("sequenceNumber", (long) (i / 7))))
                        .first();
                assertThat(found.getString("eventIdentifier")).isEqualTo("event-" + i);
            }
            assertThatThrownBy(() -> store.events().insertOne(event("aggregate-3", 5, "another")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
        }
    }

    @Test
    void givenAFileTheStockBackendChanged_whenOpenedHere_thenItsIndexesMatchItsDocuments() {
        Path file = directory.resolve("handover.mv");
        try (Store store = new Store(new ValueOrderedH2Backend(file.toString()))) {
            store.indexed();
            store.events().insertOne(event("a", 0, "kept"));
            store.events().insertOne(event("a", 1, "deleted by the stock backend"));
        }
        try (Store store = new Store(new H2Backend(file.toString()))) {
            store.events().deleteOne(Filters.eq("eventIdentifier", "deleted by the stock backend"));
            store.events().insertOne(event("b", 0, "added by the stock backend"));
        }
        try (Store store = new Store(new ValueOrderedH2Backend(file.toString()))) {
            store.events().insertOne(event("a", 1, "written again"));

            assertThat(store.events()
                            .find(Filters.eq("eventIdentifier", "added by the stock backend"))
                            .first())
                    .isNotNull();
            assertThatThrownBy(() -> store.events().insertOne(event("b", 0, "a second b:0")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> store.events().insertOne(event("c", 0, "kept")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
        }
    }

    @Test
    void givenAnIndexLeftPartBuilt_whenTheStoreOpens_thenItIsRebuiltFromTheDocuments() {
        Path file = directory.resolve("partial.mv");
        try (Store store = new Store(new ValueOrderedH2Backend(file.toString()))) {
            store.indexed();
            for (int i = 0; i < 50; i++) {
                store.events().insertOne(event("a", i, "event-" + i));
            }
        }
        // What a process stopped while rebuilding the index leaves: only some of the keys.
        MVStore raw = MVStore.open(file.toString());
        String index = raw.getMapNames().stream()
                .filter(name -> name.contains("._vindex_aggregateIdentifier"))
                .findFirst()
                .orElseThrow();
        MVMap<KeyValue, Object> keys = raw.openMap(
                index, new MVMap.Builder<KeyValue, Object>().keyType(new ValueOrderedH2Backend.KeyValueType()));
        new ArrayList<>(keys.keySet()).subList(0, 25).forEach(keys::remove);
        raw.close();

        try (Store store = new Store(new ValueOrderedH2Backend(file.toString()))) {
            Document found = store.events()
                    .find(Filters.and(Filters.eq("aggregateIdentifier", "a"), Filters.eq("sequenceNumber", 3L)))
                    .first();
            assertThat(found).isNotNull();
            assertThat(found.getString("eventIdentifier")).isEqualTo("event-3");
            assertThatThrownBy(() -> store.events().insertOne(event("a", 3, "a second a:3")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
        }
    }

    /** A mix of inserts (some colliding, with keys of several types), lookups by value and by $in, and deletes. */
    private static List<String> run(H2Backend backend) {
        List<String> outcomes = new ArrayList<>();
        Random random = new Random(42);
        List<Object> values = List.of("x", "y", "", 1, 1L, 1.0, 2L, -0.0, 0.0, true, "1", new Document("n", 1));
        try (Store store = new Store(backend)) {
            store.indexed();
            MongoCollection<Document> keys = store.database().getCollection("keys");
            keys.createIndex(Indexes.ascending("k"), new IndexOptions().unique(true));
            keys.createIndex(Indexes.ascending("a", "b"), new IndexOptions().unique(true));
            for (int step = 0; step < 400; step++) {
                Object k = values.get(random.nextInt(values.size()));
                Object a = values.get(random.nextInt(values.size()));
                long b = random.nextInt(4);
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        try {
                            keys.insertOne(new Document("k", k).append("a", a).append("b", b));
                            outcomes.add("inserted");
                        } catch (MongoWriteException refused) {
                            outcomes.add("refused " + refused.getError().getCode());
                        }
                    }
                    case 2 -> outcomes.add(Long.toString(keys.countDocuments(Filters.eq("k", k)))
                            + "/"
                            + keys.countDocuments(Filters.in("k", k, values.get(random.nextInt(values.size()))))
                            + "/"
                            + keys.countDocuments(Filters.and(Filters.eq("a", a), Filters.eq("b", b))));
                    default -> outcomes.add(
                            Long.toString(keys.deleteOne(Filters.eq("k", k)).getDeletedCount()));
                }
            }
        }
        return outcomes;
    }

    private static Document event(String aggregate, long sequence, String eventIdentifier) {
        return new Document("aggregateIdentifier", aggregate)
                .append("sequenceNumber", sequence)
                .append("eventIdentifier", eventIdentifier);
    }

    /** A store on a backend, served on a free loopback port, with a client. */
    private static final class Store implements AutoCloseable {

        private final MongoServer server;
        private final MongoClient client;

        Store(H2Backend backend) {
            server = new MongoServer(backend);
            client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        }

        com.mongodb.client.MongoDatabase database() {
            return client.getDatabase("threadline");
        }

        MongoCollection<Document> events() {
            return database().getCollection("events");
        }

        void indexed() {
            events().createIndex(
                            Indexes.ascending("aggregateIdentifier", "sequenceNumber"),
                            new IndexOptions().unique(true));
            events().createIndex(Indexes.ascending("eventIdentifier"), new IndexOptions().unique(true));
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }
}
