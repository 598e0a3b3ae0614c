package dev.threadline.e2e;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Measures, side by side in one run on the embedded development store: messages posted through the HTTP command
 * path (auth, command bus, aggregate, event store, projections running) vs raw driver inserts of equivalent event
 * documents into the same store; then a fresh rebuild of the projections from the log; start-up time and resident
 * memory of the app as README command 1 runs it. Prints figures; asserts nothing about time.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests install && ./mvnw -pl src-test verify -Dit.test=CommandPathBenchmark}.
 * Knobs: {@code -Dbench.rounds=5 -Dbench.perRound=2000 -Dbench.clients=8}; {@code -Dbench.appJvmArgs="…"} adds JVM
 * options to the app (e.g. a flight recording).
 */
class CommandPathBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int PER_ROUND = Integer.getInteger("bench.perRound", 2000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final String CONTENT = "A message of ordinary length, about as long as people type in a chat.";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void commandPathVersusRawInserts() throws Exception {
        Path data = Files.createTempDirectory("threadline-bench");
        int storePort = AppProcess.freePort();
        AppProcess app = AppProcess.start(data, appJvmOptions(), embeddedStoreOn(storePort));
        System.out.printf("%nStore: embedded Mongo-wire server (mongo-java-server, H2 file backend, no secondary"
                + " indexes). Figures describe it, not a production MongoDB.%n");
        System.out.printf("start-up (process start to health UP): %d ms%n", app.startupMillis);
        try (MongoClient raw = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            MongoCollection<Document> rawEvents = raw.getDatabase("threadline").getCollection("bench_raw_events");
            String token = token(app.base, "bench");
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                conversations.add(startConversation(app.base, token));
            }
            // Warm-up of both paths (JIT, connection pools), not measured.
            measure(CLIENTS * 50, i -> post(app.base, token, conversations.get(i % CLIENTS)));
            measure(CLIENTS * 50, i -> insert(rawEvents, i));

            List<Long> commandLatencies = new ArrayList<>();
            List<Long> rawLatencies = new ArrayList<>();
            long commandNanos = 0;
            long rawNanos = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Measured command = measure(PER_ROUND, i -> post(app.base, token, conversations.get(i % CLIENTS)));
                Measured direct = measure(PER_ROUND, i -> insert(rawEvents, i));
                commandLatencies.addAll(command.latencies);
                rawLatencies.addAll(direct.latencies);
                commandNanos += command.elapsedNanos;
                rawNanos += direct.elapsedNanos;
            }
            int total = ROUNDS * PER_ROUND;
            double commandRate = total / (commandNanos / 1e9);
            double rawRate = total / (rawNanos / 1e9);
            long[] commandPercentiles = percentiles(commandLatencies);
            long[] rawPercentiles = percentiles(rawLatencies);
            System.out.printf(
                    "%n%d messages per side in %d interleaved rounds, %d concurrent clients%n", total, ROUNDS, CLIENTS);
            System.out.printf("%-28s %12s %10s %10s%n", "path", "msgs/s", "p50 ms", "p99 ms");
            System.out.printf(
                    "%-28s %12.0f %10.2f %10.2f%n",
                    "HTTP command path", commandRate, commandPercentiles[0] / 1e6, commandPercentiles[1] / 1e6);
            System.out.printf(
                    "%-28s %12.0f %10.2f %10.2f%n",
                    "raw driver insertOne", rawRate, rawPercentiles[0] / 1e6, rawPercentiles[1] / 1e6);
            System.out.printf(
                    "ratio command/raw: throughput %.2f, p50 %.2f, p99 %.2f%n",
                    commandRate / rawRate,
                    (double) commandPercentiles[0] / rawPercentiles[0],
                    (double) commandPercentiles[1] / rawPercentiles[1]);
            System.out.printf("resident memory after the benchmark: %d MB%n", app.residentMegabytes());
        } finally {
            app.stop();
        }

        long events = forgetProjections(data);
        AppProcess rebuilt = AppProcess.start(data, appJvmOptions(), embeddedStoreOn(storePort));
        try {
            String token = token(rebuilt.base, "bench");
            Instant start = Instant.now();
            while (listedMessages(rebuilt.base, token) < (long) ROUNDS * PER_ROUND + CLIENTS * 50L) {
                Thread.sleep(100);
                if (Duration.between(start, Instant.now()).toMinutes() >= 5) {
                    System.out.println("projection rebuild did not finish within 5 minutes");
                    break;
                }
            }
            long millis = Duration.between(start, Instant.now()).toMillis();
            System.out.printf(
                    "fresh projections caught up %d events in %d ms (%.0f events/s)%n",
                    events, millis, events / (millis / 1000.0));
            System.out.printf(
                    "start-up on the filled store: %d ms; resident memory after rebuild: %d MB%n",
                    rebuilt.startupMillis, rebuilt.residentMegabytes());
        } finally {
            rebuilt.stop();
        }
    }

    /** Deletes the tracking tokens and read models, so the next start rebuilds every projection from the log. */
    private static long forgetProjections(Path data) {
        MongoServer server =
                new MongoServer(new H2Backend(data.resolve("threadline.mv").toString()));
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(
                "mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoDatabase db = client.getDatabase("threadline");
            for (String collection : List.of(
                    "trackingtokens",
                    "conversation_summaries",
                    "transcripts",
                    "transcript_messages",
                    "transcript_rewound_messages")) {
                db.getCollection(collection).deleteMany(new Document());
            }
            return db.getCollection("events").countDocuments()
                    + db.getCollection("domainevents").countDocuments();
        } finally {
            server.shutdownNow();
        }
    }

    private record Measured(List<Long> latencies, long elapsedNanos) {}

    private interface Operation {
        void run(int index) throws Exception;
    }

    private static Measured measure(int count, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicLong next = new AtomicLong();
        List<Callable<List<Long>>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            workers.add(() -> {
                List<Long> latencies = new ArrayList<>();
                long index;
                while ((index = next.getAndIncrement()) < count) {
                    long start = System.nanoTime();
                    operation.run((int) index);
                    latencies.add(System.nanoTime() - start);
                }
                return latencies;
            });
        }
        long start = System.nanoTime();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : pool.invokeAll(workers)) {
            all.addAll(future.get());
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return new Measured(all, elapsed);
    }

    private static long[] percentiles(List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new long[] {sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.99)]};
    }

    /** A document shaped like a stored UserMessagePosted event. */
    private static void insert(MongoCollection<Document> collection, int index) {
        String id = UUID.randomUUID().toString();
        collection.insertOne(new Document("globalIndex", (long) index)
                .append("aggregateIdentifier", id)
                .append("sequenceNumber", 1L)
                .append("type", "Conversation")
                .append("eventIdentifier", UUID.randomUUID().toString())
                .append("timeStamp", Instant.now().toString())
                .append("payloadType", "dev.threadline.events.conversation.UserMessagePosted")
                .append("payloadRevision", "1")
                .append(
                        "payload",
                        "{\"conversationId\":\"" + id + "\",\"messageId\":\"" + UUID.randomUUID()
                                + "\",\"position\":1,\"authorId\":\"bench\",\"content\":\"" + CONTENT
                                + "\",\"attachments\":[]}")
                .append("metaData", "{}"));
    }

    private void post(String base, String token, String conversation) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/conversations/" + conversation + "/messages"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + CONTENT + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("post answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String startConversation(String base, String token) throws Exception {
        return field(
                http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/conversations"))
                                        .header("Authorization", "Bearer " + token)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"bench\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body(),
                "id");
    }

    private String token(String base, String user) throws Exception {
        return field(
                http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/dev/token"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body(),
                "token");
    }

    /** Total messages over the caller's conversations, as the list read model reports them. */
    private long listedMessages(String base, String token) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/conversations?limit=200"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher counts = Pattern.compile("\"messageCount\":(\\d+)").matcher(body);
        long total = 0;
        while (counts.find()) {
            total += Long.parseLong(counts.group(1));
        }
        return total;
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static List<String> appJvmOptions() {
        String extra = System.getProperty("bench.appJvmArgs", "");
        return extra.isBlank() ? List.of() : Arrays.asList(extra.trim().split("\\s+"));
    }

    private static List<String> embeddedStoreOn(int storePort) {
        return List.of("--threadline.store.embedded.port=" + storePort, "--threadline.agent.scripted.pace=0ms");
    }

    /** The app as README command 1 runs it: {@code java -Xmx256m -jar app/target/threadline-exec.jar}. */
}
