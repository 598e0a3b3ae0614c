package dev.threadline.e2e;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.threadline.app.eventstore.MongoEventStorageEngine;
import dev.threadline.e2e.Client.Answer;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.conversation.ConversationSummary;
import dev.threadline.projection.conversation.Transcript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

/**
 * Issue 4's figures, side by side in one run on the embedded development store (mongo-java-server, H2 file
 * backend), the app running in this JVM with its projections:
 * <ul>
 *   <li>rewind latency (the command's HTTP round trip) in conversations of 10, 1,000 and 10,000 messages: rewinding
 *       the last exchange, rewinding to the first message, and undoing each;
 *   <li>forking a whole conversation of each length over HTTP, against appending the same events (the fork's own,
 *       under a fresh aggregate id) with Threadline's storage engine into sibling collections of the same store, and
 *       against the driver's {@code insertMany} of the same stored documents into an unindexed collection;
 *   <li>loading a conversation of 100 and of 10,000 events through a repository without a cache, from the events
 *       alone and from a snapshot.
 * </ul>
 * Every figure is the median of the measured rounds, after warm-up rounds; projections are let catch up between
 * measurements so that one measurement's background work does not land in the next. Prints figures; asserts nothing
 * about time. Conversations are filled by appending their events directly (as posts and answers would).
 *
 * <p>Run: {@code ./mvnw -o -pl src-test -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=RewindForkBenchmark}. Knobs: {@code -Dbench.rounds=9 -Dbench.forkRounds=4 -Dbench.warmUp=1}.
 */
class RewindForkBenchmark {

    private static final int[] LENGTHS = {10, 1_000, 10_000};
    private static final int[] LOADED_EVENTS = {100, 10_000};
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 9);
    private static final int FORK_ROUNDS = Integer.getInteger("bench.forkRounds", 4);
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 1);
    private static final String OWNER = "bench";
    private static final String CONTENT = "A message of ordinary length, about as long as people type in a chat.";
    private static final String CONVERSATION_TYPE = "dev.threadline.command.conversation.Conversation";

    @TempDir
    Path data;

    private RunningApp app;
    private Client client;
    private EventStore store;
    private MongoTemplate readModels;
    private MongoDatabase database;

    /** A conversation filled with alternating posts and answers; {@code version} is its last event's. */
    private record Filled(String id, List<MessageId> messageIds, long version) {}

    @Test
    void rewindForkAndLoadAgainstLength() throws Exception {
        app = RunningApp.start(data, Map.of());
        try {
            client = new Client(app, OWNER);
            store = app.bean(EventStore.class);
            readModels = app.bean(MongoTemplate.class);
            database = readModels.getDb();
            System.out.printf("%nStore: embedded Mongo-wire server (mongo-java-server, H2 file backend, no secondary"
                    + " indexes), app in the benchmark's JVM. Figures describe it, not a production MongoDB.%n");
            System.out.printf(
                    "Medians of %d rounds (forks: %d) after %d warm-up round(s). Load average at the start: %s%n",
                    ROUNDS, FORK_ROUNDS, WARM_UP, loadAverage());

            List<Filled> conversations = new ArrayList<>();
            for (int length : LENGTHS) {
                conversations.add(filled(length, "Bench " + length));
            }
            for (Filled conversation : conversations) {
                settle(conversation.id(), conversation.version());
            }
            rewinds(conversations);
            forks(conversations);
            loads();
            System.out.printf("%nLoad average at the end: %s%n", loadAverage());
        } finally {
            app.close();
        }
    }

    private void rewinds(List<Filled> conversations) {
        Map<Integer, List<Long>> rewindLast = new LinkedHashMap<>();
        Map<Integer, List<Long>> undoLast = new LinkedHashMap<>();
        Map<Integer, List<Long>> rewindFirst = new LinkedHashMap<>();
        Map<Integer, List<Long>> undoFirst = new LinkedHashMap<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            boolean measured = round >= WARM_UP;
            for (Filled conversation : conversations) {
                int length = conversation.messageIds().size();
                String rewind = "/api/conversations/" + conversation.id() + "/rewind";
                String undo = "/api/conversations/" + conversation.id() + "/rewinds/latest/undo";
                // The last exchange: keep up to the answer before the last question.
                MessageId beforeLastExchange = conversation.messageIds().get(length - 3);
                sample(
                        measured,
                        rewindLast,
                        length,
                        conversation.id(),
                        () -> client.post(rewind, Map.of("messageId", beforeLastExchange.value())));
                sample(measured, undoLast, length, conversation.id(), () -> client.post(undo, Map.of()));
                MessageId first = conversation.messageIds().get(0);
                sample(
                        measured,
                        rewindFirst,
                        length,
                        conversation.id(),
                        () -> client.post(rewind, Map.of("messageId", first.value())));
                sample(measured, undoFirst, length, conversation.id(), () -> client.post(undo, Map.of()));
            }
        }
        System.out.printf("%nRewind and undo: the command's HTTP round trip, ms%n");
        System.out.printf(
                "%-10s %22s %10s %22s %10s%n",
                "messages", "rewind last exchange", "undo it", "rewind to first", "undo it");
        for (int length : LENGTHS) {
            System.out.printf(
                    "%-10s %22.2f %10.2f %22.2f %10.2f%n",
                    String.format("%,d", length),
                    millis(median(rewindLast.get(length))),
                    millis(median(undoLast.get(length))),
                    millis(median(rewindFirst.get(length))),
                    millis(median(undoFirst.get(length))));
        }
        int longest = LENGTHS[LENGTHS.length - 1];
        int shortest = LENGTHS[0];
        System.out.printf(
                "ratio %,d / %,d messages: rewind last exchange %.2f (target <= 1.5), undo it %.2f,"
                        + " rewind to first %.2f%n",
                longest,
                shortest,
                (double) median(rewindLast.get(longest)) / median(rewindLast.get(shortest)),
                (double) median(undoLast.get(longest)) / median(undoLast.get(shortest)),
                (double) median(rewindFirst.get(longest)) / median(rewindFirst.get(shortest)));
    }

    /** Times one command, checks it was accepted, and lets the projections catch up with it (not timed). */
    private void sample(
            boolean measured, Map<Integer, List<Long>> into, int length, String id, Supplier<Answer> command) {
        long start = System.nanoTime();
        Answer answer = command.get();
        long elapsed = System.nanoTime() - start;
        if (!answer.status().is2xxSuccessful()) {
            throw new IllegalStateException("answered " + answer.status() + ": " + answer.body());
        }
        if (measured) {
            into.computeIfAbsent(length, key -> new ArrayList<>()).add(elapsed);
        }
        settle(id, answer.version());
    }

    private void forks(List<Filled> conversations) {
        Serializer serializer = app.bean("eventSerializer", Serializer.class);
        MongoEventStorageEngine sibling = MongoEventStorageEngine.builder()
                .mongoDatabase(database)
                .eventsCollectionName("bench_raw_events")
                .snapshotsCollectionName("bench_raw_snapshots")
                .countersCollectionName("bench_raw_counters")
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        sibling.ensureIndexes();
        long nextRawIndex = 1;
        Map<Integer, List<Long>> forkTimes = new LinkedHashMap<>();
        Map<Integer, List<Long>> engineTimes = new LinkedHashMap<>();
        Map<Integer, List<Long>> driverTimes = new LinkedHashMap<>();
        for (int round = 0; round < WARM_UP + FORK_ROUNDS; round++) {
            boolean measured = round >= WARM_UP;
            for (Filled conversation : conversations) {
                int length = conversation.messageIds().size();
                long start = System.nanoTime();
                Answer fork = client.post("/api/conversations/" + conversation.id() + "/forks", Map.of());
                long forkNanos = System.nanoTime() - start;
                if (fork.status() != HttpStatus.CREATED) {
                    throw new IllegalStateException("fork answered " + fork.status() + ": " + fork.body());
                }
                settle(fork.id(), fork.version());

                // The same events, under a fresh aggregate id, through the storage engine alone.
                String copyId = UUID.randomUUID().toString();
                List<DomainEventMessage<?>> copies = new ArrayList<>();
                store.readEvents(fork.id(), 0)
                        .asStream()
                        .forEach(event -> copies.add(new GenericDomainEventMessage<>(
                                event.getType(),
                                copyId,
                                event.getSequenceNumber(),
                                event.getPayload(),
                                event.getMetaData())));
                start = System.nanoTime();
                sibling.appendEvents(copies);
                long engineNanos = System.nanoTime() - start;

                // The fork's stored documents, re-keyed, with the driver into a collection with no other index.
                List<Document> documents = database.getCollection("events")
                        .find(Filters.eq("aggregateIdentifier", fork.id()))
                        .into(new ArrayList<>());
                String documentsId = UUID.randomUUID().toString();
                for (Document document : documents) {
                    document.remove("_id");
                    long sequence = ((Number) document.get("sequenceNumber")).longValue();
                    document.put("aggregateIdentifier", documentsId);
                    document.put("streamKey", documentsId + ":" + sequence);
                    document.put("eventIdentifier", UUID.randomUUID().toString());
                    document.put("globalIndex", nextRawIndex++);
                }
                start = System.nanoTime();
                database.getCollection("bench_raw_documents").insertMany(documents);
                long driverNanos = System.nanoTime() - start;

                if (copies.size() != length + 2 || documents.size() != length + 2) {
                    throw new IllegalStateException("a fork of " + length + " messages stored " + copies.size()
                            + " events and " + documents.size() + " documents");
                }
                if (measured) {
                    forkTimes.computeIfAbsent(length, key -> new ArrayList<>()).add(forkNanos);
                    engineTimes
                            .computeIfAbsent(length, key -> new ArrayList<>())
                            .add(engineNanos);
                    driverTimes
                            .computeIfAbsent(length, key -> new ArrayList<>())
                            .add(driverNanos);
                }
            }
        }
        System.out.printf("%nFork of a whole conversation (HTTP round trip) vs appending the same events, ms%n");
        System.out.printf(
                "%-10s %8s %12s %16s %22s %12s%n",
                "messages", "events", "fork", "engine append", "driver insertMany", "fork/engine");
        for (int length : LENGTHS) {
            long fork = median(forkTimes.get(length));
            long engine = median(engineTimes.get(length));
            System.out.printf(
                    "%-10s %8s %12.2f %16.2f %22.2f %12.2f%n",
                    String.format("%,d", length),
                    String.format("%,d", length + 2),
                    millis(fork),
                    millis(engine),
                    millis(median(driverTimes.get(length))),
                    (double) fork / engine);
        }
        System.out.println("target: fork <= 2 x the engine append of the same events");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void loads() throws Exception {
        Class<Object> type = (Class<Object>) Class.forName(CONVERSATION_TYPE);
        EventSourcingRepository<Object> repository =
                EventSourcingRepository.builder(type).eventStore(store).build();
        Snapshotter snapshotter = app.bean(Snapshotter.class);
        Map<String, Filled> plain = new LinkedHashMap<>();
        Map<String, Filled> snapshotted = new LinkedHashMap<>();
        for (int events : LOADED_EVENTS) {
            plain.put("events " + events, filled(events - 1, "Plain " + events));
            snapshotted.put("events " + events, filled(events - 1, "Snapshotted " + events));
        }
        for (Filled conversation : snapshotted.values()) {
            settle(conversation.id(), conversation.version());
            snapshotter.scheduleSnapshot(type, conversation.id());
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> database.getCollection("snapshots")
                                    .countDocuments(Filters.eq("aggregateIdentifier", conversation.id()))
                            == 1);
        }
        for (Filled conversation : plain.values()) {
            settle(conversation.id(), conversation.version());
        }
        Map<String, List<Long>> plainTimes = new LinkedHashMap<>();
        Map<String, List<Long>> snapshotTimes = new LinkedHashMap<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            for (int events : LOADED_EVENTS) {
                String key = "events " + events;
                long fromEvents = timedLoad(repository, plain.get(key).id());
                long fromSnapshot = timedLoad(repository, snapshotted.get(key).id());
                if (round >= WARM_UP) {
                    plainTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(fromEvents);
                    snapshotTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(fromSnapshot);
                }
            }
        }
        System.out.printf("%nLoading a conversation (repository without cache), ms%n");
        System.out.printf("%-10s %22s %22s%n", "events", "from the events alone", "from a snapshot");
        for (int events : LOADED_EVENTS) {
            String key = "events " + events;
            System.out.printf(
                    "%-10s %22.2f %22.2f%n",
                    String.format("%,d", events),
                    millis(median(plainTimes.get(key))),
                    millis(median(snapshotTimes.get(key))));
        }
        String most = "events " + LOADED_EVENTS[LOADED_EVENTS.length - 1];
        String fewest = "events " + LOADED_EVENTS[0];
        System.out.printf(
                "ratio %,d / %,d events: with snapshots %.2f (target <= 2), from the events alone %.2f%n",
                LOADED_EVENTS[LOADED_EVENTS.length - 1],
                LOADED_EVENTS[0],
                (double) median(snapshotTimes.get(most)) / median(snapshotTimes.get(fewest)),
                (double) median(plainTimes.get(most)) / median(plainTimes.get(fewest)));
    }

    private static long timedLoad(EventSourcingRepository<Object> repository, String id) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            long start = System.nanoTime();
            repository.load(id);
            return System.nanoTime() - start;
        } finally {
            unitOfWork.rollback();
        }
    }

    /**
     * A conversation of {@code messages} alternating posts and one-part answers, appended to the event store in
     * chunks as the events the commands would have produced.
     */
    private Filled filled(int messages, String title) {
        ConversationId id = ConversationId.random();
        UserId owner = new UserId(OWNER);
        List<EventMessage<?>> events = new ArrayList<>();
        events.add(event(id, 0, new ConversationStarted(id, owner, title, null, null)));
        List<MessageId> messageIds = new ArrayList<>();
        for (int position = 1; position <= messages; position++) {
            MessageId messageId = MessageId.random();
            messageIds.add(messageId);
            Object payload = position % 2 == 1
                    ? new UserMessagePosted(id, messageId, position, owner, CONTENT, List.of())
                    : new AssistantMessageRecorded(
                            id,
                            messageId,
                            position,
                            null,
                            CONTENT,
                            List.of(MessagePart.text(CONTENT)),
                            "scripted",
                            null,
                            false,
                            null);
            events.add(event(id, position, payload));
        }
        for (int from = 0; from < events.size(); from += 500) {
            store.publish(events.subList(from, Math.min(events.size(), from + 500)));
        }
        return new Filled(id.value(), messageIds, messages);
    }

    private static DomainEventMessage<?> event(ConversationId id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Conversation", id.value(), sequence, payload);
    }

    /** Waits until the transcript and the conversation list have applied {@code version} of the conversation. */
    private void settle(String id, long version) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Transcript head = readModels.findById(id, Transcript.class);
                    ConversationSummary summary = readModels.findById(id, ConversationSummary.class);
                    return head != null && head.version() >= version && summary != null && summary.version() >= version;
                });
    }

    /** The machine's 1, 5 and 15 minute load averages: other work on it shows in the figures. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
