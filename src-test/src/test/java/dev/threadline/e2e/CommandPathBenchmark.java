package dev.threadline.e2e;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.threadline.app.store.ValueOrderedH2Backend;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.zip.ZipFile;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Measures, side by side in one run on the embedded development store (or a MongoDB server, below): messages posted
 * through the HTTP command path (auth, command bus, aggregate, event store, projections running) vs raw driver inserts
 * of equivalent event documents into the same store; then a fresh rebuild of the projections from the log; start-up
 * time and resident memory of the app as README command 1 runs it. Prints figures; asserts nothing about time.
 *
 * <p>Run from the reactor (never {@code install}: a stale snapshot jar in the local repository would be measured):
 * {@code ./mvnw -B -q -pl domain-events,command-side,projections,query-side,app,src-test -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CommandPathBenchmark}. Knobs: {@code -Dbench.rounds=5
 * -Dbench.perRound=2000 -Dbench.clients=8 -Dbench.warmUp=6000}; {@code -Dbench.appJvmArgs="…"} adds JVM options to
 * the app (e.g. a flight recording); {@code -Dbench.baselineJar=/path/to/threadline-exec.jar} also measures another
 * build of the app, in its own process and store, in the same interleaved rounds, so that a change is measured side by
 * side with what it replaces. {@code -Dbench.mongodbUri=mongodb://127.0.0.1:27017/?directConnection=true} measures on
 * that MongoDB instead of the embedded store (e.g. the one {@code docker compose up -d mongo} starts): each app gets a
 * database of its own, the raw inserts go to the first one, and every database is dropped at the end.
 */
class CommandPathBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int PER_ROUND = Integer.getInteger("bench.perRound", 2000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    /** Posts before the measured rounds: the command path's code is still being compiled for several thousand. */
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 6000);

    private static final String BASELINE_JAR = System.getProperty("bench.baselineJar", "");
    private static final String MONGODB_URI = System.getProperty("bench.mongodbUri", "");
    /** What it prints also goes to {@code target/command-path-benchmark.txt}, should the console lose it. */
    private static final PrintStream REPORT = report(Path.of("target", "command-path-benchmark.txt"));

    private static final String CONTENT = "A message of ordinary length, about as long as people type in a chat.";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void commandPathVersusRawInserts() throws Exception {
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject("HTTP command path", null));
        if (!BASELINE_JAR.isBlank()) {
            subjects.add(new Subject("HTTP command path, baseline", Path.of(BASELINE_JAR)));
        }
        try {
            for (Subject subject : subjects) {
                subject.start();
            }
            measure(subjects);
            for (Subject subject : subjects) {
                subject.app.stop();
            }
            for (Subject subject : subjects) {
                subject.rebuild();
            }
        } finally {
            for (Subject subject : subjects) {
                subject.close();
            }
        }
    }

    /** The interleaved rounds of every subject and the raw inserts, and what they print. */
    private void measure(List<Subject> subjects) throws Exception {
        REPORT.printf("%nStore: %s%n", subjects.get(0).describeStore());
        for (Subject subject : subjects) {
            REPORT.printf(
                    "start-up (process start to health UP), %s: %d ms%n", subject.name, subject.app.startupMillis);
        }
        Subject main = subjects.get(0);
        try (MongoClient raw = MongoClients.create(main.storeUri())) {
            MongoCollection<Document> rawEvents = raw.getDatabase(main.database).getCollection("bench_raw_events");
            for (Subject subject : subjects) {
                subject.prepare();
            }
            // Warm-up of every path (JIT, connection pools), not measured.
            for (Subject subject : subjects) {
                measure(WARM_UP, subject::post);
            }
            measure(WARM_UP, i -> insert(rawEvents, i));

            Series direct = new Series("raw driver insertOne");
            for (int round = 0; round < ROUNDS; round++) {
                // Each round runs every path once, in an order that rotates, so that drift on the machine is shared.
                int paths = subjects.size() + 1;
                for (int step = 0; step < paths; step++) {
                    int path = (round + step) % paths;
                    if (path < subjects.size()) {
                        Subject subject = subjects.get(path);
                        subject.series.add(measure(PER_ROUND, subject::post));
                    } else {
                        direct.add(measure(PER_ROUND, i -> insert(rawEvents, i)));
                    }
                }
            }
            REPORT.printf(
                    "%n%d messages per path in %d interleaved rounds, %d concurrent clients%n",
                    ROUNDS * PER_ROUND, ROUNDS, CLIENTS);
            REPORT.printf("%-32s %10s %16s %10s %10s%n", "path", "msgs/s", "rounds' median", "p50 ms", "p99 ms");
            for (Subject subject : subjects) {
                subject.series.print();
            }
            direct.print();
            for (Subject subject : subjects) {
                REPORT.printf(
                        "ratio %s / raw: throughput %.2f, p50 %.2f, p99 %.2f%n",
                        subject.name,
                        subject.series.rate() / direct.rate(),
                        subject.series.percentile(0.5) / direct.percentile(0.5),
                        subject.series.percentile(0.99) / direct.percentile(0.99));
            }
            for (Subject subject : subjects) {
                REPORT.printf(
                        "resident memory after the benchmark, %s: %d MB%n",
                        subject.name, subject.app.residentMegabytes());
            }
        }
    }

    /** One build of the app under test: this one, or a baseline jar; its own process, store and conversations. */
    private final class Subject {
        final String name;
        final Path jar;
        final Series series;
        Path data;
        /** The embedded store's port, or 0 on the MongoDB of {@code bench.mongodbUri}. */
        int storePort;

        String database;
        AppProcess app;
        String token;
        final List<String> conversations = new ArrayList<>();

        Subject(String name, Path jar) {
            this.name = name;
            this.jar = jar;
            this.series = new Series(name);
        }

        void start() throws Exception {
            data = Files.createTempDirectory("threadline-bench");
            if (MONGODB_URI.isBlank()) {
                storePort = AppProcess.freePort();
                database = "threadline";
            } else {
                database = "threadline_bench_" + UUID.randomUUID().toString().substring(0, 8);
            }
            app = launch();
        }

        AppProcess launch() throws Exception {
            return jar == null
                    ? AppProcess.start(data, appJvmOptions(), storeArguments())
                    : AppProcess.start(jar, data, appJvmOptions(), storeArguments());
        }

        /** The app's store: the embedded one on a known port, or its own database on the given MongoDB. */
        List<String> storeArguments() {
            List<String> arguments = new ArrayList<>(List.of("--threadline.agent.scripted.pace=0ms"));
            if (storePort != 0) {
                arguments.add("--threadline.store.embedded.port=" + storePort);
            } else {
                arguments.addAll(List.of(
                        "--threadline.store.uri=" + storeUri(),
                        "--spring.data.mongodb.uri=" + storeUri(),
                        "--threadline.auth.mode=dev"));
            }
            return arguments;
        }

        /**
         * The given connection string with this app's database in its path. A user of the given string is then still
         * looked up where it was before (its {@code authSource}, {@code admin} by default), not in that database.
         */
        String storeUri() {
            if (storePort != 0) {
                return "mongodb://127.0.0.1:" + storePort + "/" + database;
            }
            int hosts = MONGODB_URI.indexOf("://") + 3;
            int query = MONGODB_URI.indexOf('?', hosts);
            int path = MONGODB_URI.indexOf('/', hosts);
            int hostsEnd = query < 0 ? MONGODB_URI.length() : query;
            if (path >= 0 && path < hostsEnd) {
                hostsEnd = path;
            }
            String options = query < 0 ? "" : MONGODB_URI.substring(query + 1);
            MongoCredential credential = new ConnectionString(MONGODB_URI).getCredential();
            if (credential != null && !options.contains("authSource=")) {
                options += (options.isEmpty() ? "" : "&") + "authSource=" + credential.getSource();
            }
            return MONGODB_URI.substring(0, hostsEnd) + "/" + database + (options.isEmpty() ? "" : "?" + options);
        }

        String describeStore() {
            if (storePort != 0) {
                return "embedded Mongo-wire server (mongo-java-server, H2 file backend, no secondary indexes)."
                        + " Figures describe it, not a production MongoDB.";
            }
            try (MongoClient client = MongoClients.create(storeUri())) {
                Document info = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
                return "MongoDB " + info.getString("version") + " at "
                        + String.join(",", new ConnectionString(MONGODB_URI).getHosts());
            }
        }

        boolean hasValueOrderedBackend() throws IOException {
            if (jar == null) {
                return true;
            }
            try (ZipFile built = new ZipFile(jar.toFile())) {
                return built.getEntry("BOOT-INF/classes/"
                                + ValueOrderedH2Backend.class.getName().replace('.', '/') + ".class")
                        != null;
            }
        }

        /**
         * Stops the app if it still runs and, on the given MongoDB, drops the database this run made (the embedded
         * store goes with its temporary directory). Reports a failure rather than hiding the benchmark's own.
         */
        void close() {
            try {
                if (app != null) {
                    app.stop();
                }
                if (storePort == 0 && database != null) {
                    try (MongoClient client = MongoClients.create(storeUri())) {
                        client.getDatabase(database).drop();
                    }
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                REPORT.printf("%s: could not clean up: %s%n", name, e);
            }
        }

        void prepare() throws Exception {
            token = token(app.base, "bench");
            for (int i = 0; i < CLIENTS; i++) {
                conversations.add(startConversation(app.base, token));
            }
        }

        void post(int index) throws Exception {
            CommandPathBenchmark.this.post(app.base, token, conversations.get(index % CLIENTS));
        }

        /** Deletes its projections' tokens and read models, restarts, and times the rebuild from the log. */
        void rebuild() throws Exception {
            long events = forgetProjections(this);
            AppProcess rebuilt = launch();
            try {
                String token = token(rebuilt.base, "bench");
                Instant start = Instant.now();
                long posted = (long) ROUNDS * PER_ROUND + WARM_UP;
                long firstTenThousand = -1;
                long listed;
                while ((listed = listedMessages(rebuilt.base, token)) < posted) {
                    if (firstTenThousand < 0 && listed >= 10_000) {
                        firstTenThousand =
                                Duration.between(start, Instant.now()).toMillis();
                    }
                    Thread.sleep(100);
                    if (Duration.between(start, Instant.now()).toMinutes() >= 5) {
                        REPORT.println("projection rebuild did not finish within 5 minutes");
                        break;
                    }
                }
                long millis = Duration.between(start, Instant.now()).toMillis();
                REPORT.printf(
                        "%s: fresh projections caught up %d events in %d ms (%.0f events/s)%s%n",
                        name,
                        events,
                        millis,
                        events / (millis / 1000.0),
                        posted < 10_000
                                ? ""
                                : "; the first 10,000 messages were listed after "
                                        + (firstTenThousand < 0 ? millis : firstTenThousand) + " ms");
                REPORT.printf(
                        "%s: start-up on the filled store: %d ms; resident memory after rebuild: %d MB%n",
                        name, rebuilt.startupMillis, rebuilt.residentMegabytes());
            } finally {
                rebuilt.stop();
            }
        }
    }

    /**
     * Deletes the tracking tokens and read models, so the next start rebuilds every projection from the log, and
     * answers how many events the log holds. The embedded store is opened with the backend its build uses (one from
     * before ADR 11: the stock one), so that the next start finds the indexes as it left them.
     */
    private static long forgetProjections(Subject subject) throws IOException {
        if (subject.storePort == 0) {
            try (MongoClient client = MongoClients.create(subject.storeUri())) {
                return forgetProjections(client.getDatabase(subject.database));
            }
        }
        String file = subject.data.resolve("threadline.mv").toString();
        MongoServer server = new MongoServer(
                subject.hasValueOrderedBackend() ? new ValueOrderedH2Backend(file) : new H2Backend(file));
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(
                "mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            return forgetProjections(client.getDatabase(subject.database));
        } finally {
            server.shutdownNow();
        }
    }

    private static long forgetProjections(MongoDatabase db) {
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
    }

    /** The rounds of one path: every latency, and each round's throughput. */
    private static final class Series {
        final String name;
        final List<Long> latencies = new ArrayList<>();
        final List<Double> roundRates = new ArrayList<>();
        long nanos;
        int count;

        Series(String name) {
            this.name = name;
        }

        void add(Measured round) {
            latencies.addAll(round.latencies);
            roundRates.add(round.latencies.size() / (round.elapsedNanos / 1e9));
            nanos += round.elapsedNanos;
            count += round.latencies.size();
        }

        double rate() {
            return count / (nanos / 1e9);
        }

        double medianRoundRate() {
            List<Double> sorted = new ArrayList<>(roundRates);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }

        double percentile(double fraction) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * fraction))];
        }

        void print() {
            REPORT.printf(
                    "%-32s %10.0f %16.0f %10.2f %10.2f%n",
                    name, rate(), medianRoundRate(), percentile(0.5) / 1e6, percentile(0.99) / 1e6);
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

    private static PrintStream report(Path file) {
        try {
            OutputStream copy = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            System.out.write(b);
                            copy.write(b);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) throws IOException {
                            System.out.write(bytes, offset, length);
                            copy.write(bytes, offset, length);
                        }

                        @Override
                        public void flush() throws IOException {
                            System.out.flush();
                            copy.flush();
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> appJvmOptions() {
        String extra = System.getProperty("bench.appJvmArgs", "");
        return extra.isBlank() ? List.of() : Arrays.asList(extra.trim().split("\\s+"));
    }
}
