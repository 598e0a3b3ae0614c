package dev.threadline.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.threadline.app.InJvmMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Burst, gap, multi-writer, restart and snapshot behaviour of {@link MongoEventStorageEngine} on an in-JVM
 * Mongo-wire server (mongo-java-server, memory backend). Figures printed here describe that server, not a production
 * MongoDB.
 */
class MongoEventStorageEngineTrackingTest {

    private static final String TYPE = "Thread";
    private static final ThreadLocal<Runnable> AFTER_RESERVE = new ThreadLocal<>();

    private static InJvmMongo mongo;
    private static MongoClient client;

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final List<EmbeddedEventStore> stores = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
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
        database = client.getDatabase("tracking-" + UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        executors.forEach(ExecutorService::shutdownNow);
        stores.forEach(EmbeddedEventStore::shutDown);
    }

    // --- (a) burst -------------------------------------------------------------------------------------------------

    @Test
    void freshReaderCatchesUpWithTenThousandEventBurst() {
        MongoEventStorageEngine engine = newEngine();
        EmbeddedEventStore eventStore = eventStore(engine);
        List<String> appended = new ArrayList<>();
        long appendStart = System.nanoTime();
        for (int aggregate = 0; aggregate < 1000; aggregate++) {
            List<DomainEventMessage<?>> unitOfWork = events("burst-" + aggregate, 0, 10);
            eventStore.publish(unitOfWork);
            unitOfWork.forEach(e -> appended.add(e.getIdentifier()));
        }
        long appendMillis = (System.nanoTime() - appendStart) / 1_000_000;

        long readStart = System.nanoTime();
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (read.size() < appended.size()) {
                assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS))
                        .as("next event after %d of %d", read.size(), appended.size())
                        .isTrue();
                read.add(stream.nextAvailable());
            }
            assertThat(stream.hasNextAvailable()).isFalse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long catchUpMillis = (System.nanoTime() - readStart) / 1_000_000;
        System.out.printf(
                "[mongo-java-server memory backend] appended 10,000 events in %d ms; "
                        + "fresh reader caught up in %d ms; last token %s%n",
                appendMillis, catchUpMillis, read.get(read.size() - 1).trackingToken());

        assertThat(read).extracting(EventMessage::getIdentifier).containsExactlyElementsOf(appended);
        List<Long> indexes = read.stream().map(m -> index(m.trackingToken())).toList();
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        assertThat(indexes.get(indexes.size() - 1)).isEqualTo(10_000L);
        GapAwareTrackingToken last =
                (GapAwareTrackingToken) read.get(read.size() - 1).trackingToken();
        assertThat(last.getGaps()).isEmpty();
    }

    // --- (b) concurrent writers, failed appends and late writes ------------------------------------------------------

    @Test
    void concurrentWritersAreTrackedOnceInGlobalOrderAndLateWritesFillGaps() throws Exception {
        MongoEventStorageEngine engine = newEngine();
        EmbeddedEventStore eventStore = eventStore(engine);

        // The reader tails the store while everything below happens.
        List<TrackedEventMessage<?>> received = new CopyOnWriteArrayList<>();
        AtomicBoolean stopReading = new AtomicBoolean();
        ExecutorService readerPool = executor(1);
        Future<?> reader = readerPool.submit(() -> {
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                while (!stopReading.get()) {
                    if (stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)) {
                        received.add(stream.nextAvailable());
                    }
                }
            }
            return null;
        });

        // A late writer reserves its indexes first, then stalls before inserting.
        CountDownLatch reserved = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<DomainEventMessage<?>> lateEvents = events("late", 0, 3);
        ExecutorService latePool = executor(1);
        Future<?> lateWriter = latePool.submit(() -> {
            AFTER_RESERVE.set(() -> {
                reserved.countDown();
                awaitLatch(release);
            });
            try {
                eventStore.publish(lateEvents);
            } finally {
                AFTER_RESERVE.remove();
            }
            return null;
        });
        assertThat(reserved.await(10, TimeUnit.SECONDS)).isTrue();

        // Eight writers append units of work for their own aggregates; some appends collide with an existing
        // aggregate after their indexes were reserved, which leaves permanent gaps.
        int writers = 8;
        int aggregatesPerWriter = 25;
        int eventsPerAggregate = 5;
        ExecutorService writerPool = executor(writers);
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<List<String>>> results = new ArrayList<>();
        List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < writers; w++) {
            int writer = w;
            results.add(writerPool.submit(() -> {
                start.await();
                List<String> written = new ArrayList<>();
                for (int a = 0; a < aggregatesPerWriter; a++) {
                    String aggregate = "writer-" + writer + "-" + a;
                    List<DomainEventMessage<?>> unitOfWork = events(aggregate, 0, eventsPerAggregate);
                    eventStore.publish(unitOfWork);
                    unitOfWork.forEach(e -> written.add(e.getIdentifier()));
                    if (a % 5 == 0) {
                        try {
                            eventStore.publish(events(aggregate, 0, 2));
                        } catch (AggregateStreamCreationException expected) {
                            failures.add(writer);
                        }
                    }
                }
                return written;
            }));
        }
        Set<String> expected = new HashSet<>();
        for (Future<List<String>> result : results) {
            expected.addAll(result.get(60, TimeUnit.SECONDS));
        }
        assertThat(failures).hasSize(writers * aggregatesPerWriter / 5);

        // Everything but the late events is tracked while the late writer still holds its reserved indexes.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(identifiers(received)).containsExactlyInAnyOrderElementsOf(expected));
        GapAwareTrackingToken beforeRelease =
                (GapAwareTrackingToken) received.get(received.size() - 1).trackingToken();
        Map<String, Long> indexesBeforeRelease = globalIndexes();
        // The late writer reserved first, so its indexes are the lowest ones and still open in the reader's token.
        assertThat(beforeRelease.getGaps()).contains(1L, 2L, 3L);
        assertThat(lateEvents).allSatisfy(e -> assertThat(indexesBeforeRelease).doesNotContainKey(e.getIdentifier()));

        release.countDown();
        lateWriter.get(10, TimeUnit.SECONDS);
        lateEvents.forEach(e -> expected.add(e.getIdentifier()));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(identifiers(received)).containsExactlyInAnyOrderElementsOf(expected));
        stopReading.set(true);
        reader.get(10, TimeUnit.SECONDS);

        // None skipped, none twice.
        assertThat(identifiers(received)).doesNotHaveDuplicates().hasSize(expected.size());
        // In global-index order, except for late writes, each of which fills a gap of the token before it.
        Map<String, Long> indexById = globalIndexes();
        long highest = 0;
        TrackingToken previous = null;
        List<String> gapFills = new ArrayList<>();
        for (TrackedEventMessage<?> message : received) {
            long index = indexById.get(message.getIdentifier());
            if (index > highest) {
                highest = index;
            } else {
                assertThat(previous).isInstanceOf(GapAwareTrackingToken.class);
                assertThat(((GapAwareTrackingToken) previous).getGaps()).contains(index);
                gapFills.add(message.getIdentifier());
            }
            previous = message.trackingToken();
        }
        // Concurrent writers also fill each other's gaps now and then; the late writes always do.
        assertThat(gapFills).containsAll(identifiers(lateEvents));
        System.out.printf(
                "%d events tracked from %d writers; %d arrived as gap fills (3 from the stalled writer)%n",
                received.size(), writers, gapFills.size());
        assertThat(((GapAwareTrackingToken) previous).getGaps()).doesNotContain(1L, 2L, 3L);
        // The failed appends reserved indexes that were never written: real gaps.
        long reservedTotal = database.getCollection("event_counters")
                .find()
                .first()
                .get("value", Number.class)
                .longValue();
        assertThat(reservedTotal).isGreaterThan(expected.size());
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(expected.size());
    }

    @Test
    void concurrentReservationsFromTwoEnginesNeverOverlap() throws Exception {
        // Two engines over one store, as two nodes: the counter's find-and-modify is the only coordination.
        List<MongoEventStorageEngine> engines = List.of(newEngine(), newEngine());
        int threads = 8;
        int reservationsPerThread = 200;
        ExecutorService pool = executor(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<long[]>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            MongoEventStorageEngine engine = engines.get(t % 2);
            int size = 1 + t % 3;
            results.add(pool.submit(() -> {
                start.await();
                List<long[]> ranges = new ArrayList<>();
                for (int r = 0; r < reservationsPerThread; r++) {
                    long first = engine.reserveGlobalIndexes(size);
                    ranges.add(new long[] {first, first + size});
                }
                return ranges;
            }));
        }
        Set<Long> taken = new HashSet<>();
        long reserved = 0;
        for (Future<List<long[]>> result : results) {
            for (long[] range : result.get(60, TimeUnit.SECONDS)) {
                for (long index = range[0]; index < range[1]; index++) {
                    assertThat(taken.add(index))
                            .as("index %d reserved twice", index)
                            .isTrue();
                    reserved++;
                }
            }
        }
        long total = reserved;
        assertThat(taken).allSatisfy(index -> assertThat(index).isBetween(1L, total));
    }

    // --- (c) restart -------------------------------------------------------------------------------------------------

    @Test
    void secondEngineContinuesFromTokenOfTheFirst() {
        MongoEventStorageEngine first = newEngine();
        List<DomainEventMessage<?>> before = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            List<DomainEventMessage<?>> unitOfWork = events("restart-" + a, 0, 10);
            first.appendEvents(unitOfWork);
            before.addAll(unitOfWork);
        }
        TrackingToken token = first.readEvents(null, false)
                .limit(60)
                .reduce((a, b) -> b)
                .orElseThrow()
                .trackingToken();
        // The token goes through a token store in production: serialize it as one would.
        SerializedObject<String> stored = serializer.serialize(token, String.class);
        TrackingToken restored = serializer.deserialize(stored);

        MongoEventStorageEngine second = newEngine();
        List<DomainEventMessage<?>> after = events("restart-late", 0, 15);
        second.appendEvents(after);

        List<String> expected = new ArrayList<>(identifiers(before.subList(60, before.size())));
        expected.addAll(identifiers(after));
        List<? extends TrackedEventMessage<?>> read =
                second.readEvents(restored, false).toList();
        assertThat(read).extracting(EventMessage::getIdentifier).containsExactlyElementsOf(expected);
        assertThat(index(read.get(read.size() - 1).trackingToken())).isEqualTo(115L);
    }

    // --- (d) same aggregate, same sequence ---------------------------------------------------------------------------

    @Test
    void concurrentAppendsAtSameSequenceLetExactlyOneWin() throws Exception {
        MongoEventStorageEngine engine = newEngine();
        ExecutorService pool = executor(2);
        for (int round = 0; round < 20; round++) {
            String aggregate = "contested-" + round;
            engine.appendEvents(events(aggregate, 0, 2));
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<List<DomainEventMessage<?>>>> attempts = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                attempts.add(pool.submit(() -> {
                    List<DomainEventMessage<?>> unitOfWork = events(aggregate, 2, 3);
                    start.await();
                    engine.appendEvents(unitOfWork);
                    return unitOfWork;
                }));
            }
            List<DomainEventMessage<?>> winner = null;
            int lost = 0;
            for (Future<List<DomainEventMessage<?>>> attempt : attempts) {
                try {
                    winner = attempt.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConcurrencyException.class);
                    lost++;
                }
            }
            assertThat(lost).isEqualTo(1);
            List<String> stored = engine.readEvents(aggregate)
                    .asStream()
                    .filter(e -> e.getSequenceNumber() >= 2)
                    .map(EventMessage::getIdentifier)
                    .toList();
            assertThat(stored).containsExactlyElementsOf(identifiers(winner));
            assertThat(engine.lastSequenceNumberFor(aggregate)).contains(4L);
        }
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(20 * 5);
    }

    @Test
    void batchFailingAfterPartialInsertLeavesNothingBehind() {
        MongoEventStorageEngine engine = newEngine();
        engine.appendEvents(events("partial", 0, 3));
        List<DomainEventMessage<?>> batch = new ArrayList<>(events("partial", 3, 2));
        batch.add(event("partial", 1));

        assertThatThrownBy(() -> engine.appendEvents(batch)).isInstanceOf(ConcurrencyException.class);

        assertThat(engine.readEvents("partial").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L, 2L);
        assertThat(engine.lastSequenceNumberFor("partial")).contains(2L);
        assertThat(database.getCollection("events").countDocuments()).isEqualTo(3);
        // The next append continues after the indexes the failed batch reserved.
        engine.appendEvents(events("partial", 3, 1));
        assertThat(engine.readEvents(null, false).map(m -> index(m.trackingToken())))
                .containsExactly(1L, 2L, 3L, 7L);
    }

    // --- (e) snapshots -----------------------------------------------------------------------------------------------

    @Test
    void keepsLatestSnapshotAndReadsEventsAfterIt() {
        MongoEventStorageEngine engine = newEngine();
        EmbeddedEventStore eventStore = eventStore(engine);
        eventStore.publish(events("snap", 0, 13));

        engine.storeSnapshot(new GenericDomainEventMessage<>(TYPE, "snap", 5, "state@5"));
        engine.storeSnapshot(new GenericDomainEventMessage<>(TYPE, "snap", 9, "state@9"));
        engine.storeSnapshot(new GenericDomainEventMessage<>(TYPE, "snap", 7, "state@7"));

        DomainEventMessage<?> snapshot = engine.readSnapshot("snap").orElseThrow();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(9L);
        assertThat(snapshot.getPayload()).isEqualTo("state@9");
        assertThat(database.getCollection("snapshots").countDocuments(Filters.eq("aggregateIdentifier", "snap")))
                .isEqualTo(1);

        List<? extends DomainEventMessage<?>> sourced =
                eventStore.readEvents("snap").asStream().toList();
        assertThat(sourced).extracting(DomainEventMessage::getSequenceNumber).containsExactly(9L, 10L, 11L, 12L);
        assertThat(sourced.get(0).getPayload()).isEqualTo("state@9");
        assertThat(sourced.get(1).getPayload()).isEqualTo("snap#10");
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    private MongoEventStorageEngine newEngine() {
        MongoEventStorageEngine.Builder builder = MongoEventStorageEngine.builder()
                .mongoDatabase(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer);
        MongoEventStorageEngine engine = new MongoEventStorageEngine(builder) {
            @Override
            protected long reserveGlobalIndexes(int count) {
                long first = super.reserveGlobalIndexes(count);
                Runnable hook = AFTER_RESERVE.get();
                if (hook != null) {
                    hook.run();
                }
                return first;
            }
        };
        engine.ensureIndexes();
        return engine;
    }

    private EmbeddedEventStore eventStore(MongoEventStorageEngine engine) {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(engine)
                .fetchDelay(100)
                .build();
        stores.add(store);
        return store;
    }

    private ExecutorService executor(int threads) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        executors.add(executor);
        return executor;
    }

    private static List<DomainEventMessage<?>> events(String aggregate, long firstSequence, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        for (long sequence = firstSequence; sequence < firstSequence + count; sequence++) {
            events.add(event(aggregate, sequence));
        }
        return events;
    }

    private static DomainEventMessage<?> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>(TYPE, aggregate, sequence, aggregate + "#" + sequence);
    }

    private static List<String> identifiers(List<? extends EventMessage<?>> messages) {
        return messages.stream().map(EventMessage::getIdentifier).collect(Collectors.toList());
    }

    private static long index(TrackingToken token) {
        return token.position().orElseThrow();
    }

    private Map<String, Long> globalIndexes() {
        Map<String, Long> indexes = new HashMap<>();
        for (Document document : database.getCollection("events").find()) {
            indexes.put(
                    document.getString("eventIdentifier"),
                    document.get("globalIndex", Number.class).longValue());
        }
        return indexes;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
