package dev.threadline.e2e;

import dev.threadline.app.live.RedisServerProcess;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The live follow feed (issue 5), measured over HTTP with the app in this JVM: how far followers lag behind the
 * initiator for 1 to 1,000 followers of one conversation, on the Redis bus (followers on the turn's node, and on a
 * second node sharing the store and Redis) and on the in-process bus, side by side with a raw Redisson XADD → XREAD
 * hop; how many followers one node serves with every frame delivered; and what the
 * bus costs the initiator's own stream. Prints figures; asserts nothing about time.
 *
 * <p>Lag: the same client receives the initiator's turn stream and every follower's stream; each frame is matched by
 * type and position in the turn, and lag = follower receive time − initiator receive time. Followers connect before
 * each turn starts. The client reads event names straight from the bytes ({@link EventNames}), for the initiator and
 * the followers alike, so that it leaves the cores to the server. After each part it prints what the machine did meanwhile (cores used by this JVM, redis-server and
 * other processes; collections; how late a 1 ms sleeper woke; the busiest thread groups): read the figures by it.
 *
 * <p>Run: {@code ./mvnw -B -q -pl src-test -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=LiveFollowBenchmark}. Knobs: {@code -Dbench.followers=1,10,100,500,1000 -Dbench.capacity=2000,4000
 * -Dbench.turns=20 -Dbench.bigTurns=6 -Dbench.overheadTurns=30 -Dbench.overheadFollowers=100 -Dbench.words=100
 * -Dbench.pace=3ms -Dbench.clientThreads=2 -Dbench.capacityInProcess=false}; {@code -Dbench.redisUrl=redis://…} uses
 * that Redis instead of a private {@code redis-server} started on a free port.
 */
class LiveFollowBenchmark {

    private static final int[] SIZES = ints(System.getProperty("bench.followers", "1,10,100,500,1000"));
    private static final int[] CAPACITY = ints(System.getProperty("bench.capacity", "2000,4000"));
    private static final int TURNS = Integer.getInteger("bench.turns", 20);
    private static final int BIG_TURNS = Integer.getInteger("bench.bigTurns", 6);
    private static final int OVERHEAD_TURNS = Integer.getInteger("bench.overheadTurns", 30);
    private static final int OVERHEAD_FOLLOWERS = Integer.getInteger("bench.overheadFollowers", 100);
    private static final int WORDS = Integer.getInteger("bench.words", 100);
    private static final String PACE = System.getProperty("bench.pace", "3ms");
    private static final int CLIENT_THREADS = Integer.getInteger("bench.clientThreads", 2);
    private static final boolean CAPACITY_IN_PROCESS = Boolean.getBoolean("bench.capacityInProcess");
    private static final String MESSAGE = "word ".repeat(WORDS).trim();
    private static final int CONNECT_WAVE = 250;

    @Test
    void liveFollow() throws Exception {
        long started = System.nanoTime();
        int maxFollowers = Math.max(
                Arrays.stream(SIZES).max().orElse(0) * 2,
                Math.max(Arrays.stream(CAPACITY).max().orElse(0), OVERHEAD_FOLLOWERS * 2));
        ConnectionProvider pool = ConnectionProvider.builder("bench-followers")
                .maxConnections(maxFollowers + 64)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2))
                .build();
        LoopResources loops = LoopResources.create("bench-client", CLIENT_THREADS, true);
        WebClient web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(
                        HttpClient.create(pool).runOn(loops).responseTimeout(null)))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
                .build();
        Path redisData = Files.createTempDirectory("threadline-live-bench-redis");
        int redisStorePort = AppProcess.freePort();
        try (PrivateRedis redis = PrivateRedis.start();
                RunningApp redisApp = RunningApp.start(
                        redisData,
                        Map.of(
                                "threadline.agent.scripted.pace",
                                PACE,
                                "threadline.live.redis-url",
                                redis.url,
                                "threadline.store.embedded.port",
                                redisStorePort));
                RunningApp redisSecondNode = RunningApp.start(redisData, secondNode(redisStorePort, redis.url));
                RunningApp localApp = RunningApp.start(
                        Files.createTempDirectory("threadline-live-bench-local"),
                        Map.of("threadline.agent.scripted.pace", PACE));
                RawBaseline raw = new RawBaseline(redis.url)) {
            Node onRedis = new Node("Redis bus", redisApp, redisApp, web);
            Node acrossNodes = new Node("Redis, 2nd node", redisApp, redisSecondNode, web);
            Node inProcess = new Node("in-process bus", localApp, localApp, web);
            System.out.printf(
                    "%nLive follow benchmark: %d cores, app(s) + Redis %s + client in one machine, client on %d"
                            + " event-loop threads; scripted agent at %s per event, %d-word message; store:"
                            + " embedded (mongo-java-server, H2)%n",
                    Runtime.getRuntime().availableProcessors(), redis.describe(), CLIENT_THREADS, PACE, WORDS);

            System.out.printf("load average at start: %s%n", loadAverage());
            warmUp(List.of(onRedis, acrossNodes, inProcess), raw);
            long heapIdle = heapUsed();
            System.out.printf("JVM heap used after warm-up, no followers: %d MB%n", heapIdle >> 20);

            if (SIZES.length > 0) {
                latencyBySize(List.of(onRedis, acrossNodes, inProcess), raw, heapIdle);
            }
            capacity(onRedis, heapIdle);
            if (CAPACITY_IN_PROCESS) {
                capacity(inProcess, heapIdle);
            }
            if (OVERHEAD_TURNS > 0) {
                overhead(onRedis, inProcess);
            }
            System.out.printf("%nload average at end: %s%n", loadAverage());
        } finally {
            pool.dispose();
            loops.dispose();
        }
        System.out.printf("%nbenchmark took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    // ---------------------------------------------------------------------------------------------------- phases

    /** The Redis app's second node: the same store (its embedded server) and Redis, and the same token secret. */
    private static Map<String, Object> secondNode(int storePort, String redisUrl) {
        String store = "mongodb://127.0.0.1:" + storePort + "/threadline";
        return Map.of(
                "threadline.agent.scripted.pace",
                PACE,
                "threadline.live.redis-url",
                redisUrl,
                "threadline.store.uri",
                store,
                "spring.data.mongodb.uri",
                store,
                "threadline.auth.mode",
                "dev");
    }

    private static void warmUp(List<Node> nodes, RawBaseline raw) {
        for (Node node : nodes) {
            Followed followed = node.follow(20);
            for (int i = 0; i < 15; i++) {
                followed.turn();
            }
            followed.close();
        }
        raw.round(1000, PACE);
    }

    /** Part 1: follower lag by number of followers, every variant and raw Redisson, interleaved turn by turn. */
    private static void latencyBySize(List<Node> nodes, RawBaseline raw, long heapIdle) {
        System.out.printf(
                "%n== 1. Follower lag behind the initiator, by followers of one conversation (interleaved: a turn of"
                        + " each variant, then a raw round) ==%n");
        header();
        for (int size : SIZES) {
            int turns = size >= 500 ? BIG_TURNS : TURNS;
            List<Followed> followed =
                    nodes.stream().map(node -> node.follow(size)).toList();
            long heap = heapUsed();
            Probe probe = new Probe();
            List<Stats> stats = nodes.stream().map(node -> new Stats()).toList();
            Samples rawLags = new Samples();
            for (int t = 0; t < turns; t++) {
                for (int v = 0; v < nodes.size(); v++) {
                    stats.get(v).add(followed.get(v).turn());
                }
                rawLags.addAll(raw.round(stats.get(0).lastFrames(), PACE));
            }
            followed.forEach(Followed::close);
            for (int v = 0; v < nodes.size(); v++) {
                row(nodes.get(v).name, size, turns, stats.get(v));
            }
            rawRow(rawLags);
            System.out.printf(
                    "%32s heap used with %d followers per variant connected: %d MB (+%d MB over idle)%n",
                    "", size, heap >> 20, (heap - heapIdle) >> 20);
            System.out.print(probe.report());
        }
    }

    /** Part 2: the most followers one node serves, every frame delivered. */
    private static void capacity(Node node, long heapIdle) {
        System.out.printf("%n== 2. Followers one node serves (%s), %d turns each ==%n", node.name, BIG_TURNS);
        for (int size : CAPACITY) {
            long connectStart = System.nanoTime();
            Followed followers = node.follow(size);
            long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart);
            long heap = heapUsed();
            Probe probe = new Probe();
            Stats stats = new Stats();
            for (int t = 0; t < BIG_TURNS; t++) {
                stats.add(followers.turn());
            }
            followers.close();
            header();
            row(node.name, size, BIG_TURNS, stats);
            System.out.printf(
                    "%32s connected %d/%d in %d ms (%d refused or failed); heap used %d MB (+%d MB over idle,"
                            + " ~%d KB per follower incl. client side); initiator turn p50 %.0f ms%n",
                    "",
                    followers.connected(),
                    size,
                    connectMillis,
                    followers.failed(),
                    heap >> 20,
                    (heap - heapIdle) >> 20,
                    size == 0 ? 0 : (heap - heapIdle) / 1024 / size,
                    stats.firstToLast.percentile(0.5) / 1e6);
            System.out.print(probe.report());
        }
    }

    /** Part 3: what relaying costs the initiator's own stream. */
    private static void overhead(Node onRedis, Node inProcess) {
        System.out.printf(
                "%n== 3. The initiator's turn with the bus on vs off: %d turns per variant, interleaved ==%n",
                OVERHEAD_TURNS);
        List<Variant> variants = List.of(
                new Variant("in-process bus, 0 followers (bus off)", inProcess.follow(0)),
                new Variant("Redis bus, 0 followers", onRedis.follow(0)),
                new Variant("Redis bus, " + OVERHEAD_FOLLOWERS + " followers", onRedis.follow(OVERHEAD_FOLLOWERS)),
                new Variant(
                        "in-process bus, " + OVERHEAD_FOLLOWERS + " followers", inProcess.follow(OVERHEAD_FOLLOWERS)));
        Probe probe = new Probe();
        for (int t = 0; t < OVERHEAD_TURNS; t++) {
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get((v + t) % variants.size()); // rotates who goes first
                variant.stats.add(variant.followed.turn());
            }
        }
        variants.forEach(variant -> variant.followed.close());
        Stats off = variants.get(0).stats;
        double offFirstToLast = off.firstToLast.percentile(0.5);
        double offRequest = off.request.percentile(0.5);
        System.out.printf(
                "%-40s %12s %8s %14s %8s %14s%n",
                "variant", "first→last", "ratio", "request total", "ratio", "follower lag");
        for (Variant variant : variants) {
            Stats stats = variant.stats;
            System.out.printf(
                    "%-40s %9.1f ms %8.3f %11.1f ms %8.3f %14s%n",
                    variant.name,
                    stats.firstToLast.percentile(0.5) / 1e6,
                    stats.firstToLast.percentile(0.5) / offFirstToLast,
                    stats.request.percentile(0.5) / 1e6,
                    stats.request.percentile(0.5) / offRequest,
                    stats.lags.size() == 0
                            ? "-"
                            : String.format(
                                    "p50 %.2f / p99 %.2f ms",
                                    stats.lags.percentile(0.5) / 1e6, stats.lags.percentile(0.99) / 1e6));
        }
        System.out.printf("(medians over %d turns; ratio = variant / bus off)%n", OVERHEAD_TURNS);
        System.out.print(probe.report());
    }

    private record Variant(String name, Followed followed, Stats stats) {
        Variant(String name, Followed followed) {
            this(name, followed, new Stats());
        }
    }

    // ---------------------------------------------------------------------------------------------------- output

    private static void header() {
        System.out.printf(
                "%-16s %9s %6s %10s %10s %10s %10s %10s %22s %6s %10s%n",
                "bus",
                "followers",
                "turns",
                "lag p50",
                "lag p90",
                "lag p99",
                "lag max",
                "turn p50",
                "frames delivered",
                "gaps",
                "frames/s");
    }

    private static void row(String bus, int followers, int turns, Stats stats) {
        System.out.printf(
                "%-16s %9d %6d %7.2f ms %7.2f ms %7.2f ms %7.1f ms %7.0f ms %22s %6s %10.0f%n",
                bus,
                followers,
                turns,
                stats.lags.percentile(0.5) / 1e6,
                stats.lags.percentile(0.9) / 1e6,
                stats.lags.percentile(0.99) / 1e6,
                stats.lags.max() / 1e6,
                stats.firstToLast.percentile(0.5) / 1e6,
                stats.delivered + "/" + stats.expected,
                stats.followersWithGaps + (stats.extra > 0 ? " +" + stats.extra + " extra" : ""),
                stats.deliveryRate());
    }

    private static void rawRow(Samples lags) {
        System.out.printf(
                "%-16s %9s %6s %7.2f ms %7.2f ms %7.2f ms %7.1f ms %10s %22s%n",
                "raw XADD→XREAD",
                "(1 reader)",
                "",
                lags.percentile(0.5) / 1e6,
                lags.percentile(0.9) / 1e6,
                lags.percentile(0.99) / 1e6,
                lags.max() / 1e6,
                "",
                lags.size() + " entries");
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------------------------------------------- model

    /** One app (a node) as the benchmark client reaches it, as the owner of the conversations it starts. */
    private static final class Node {
        final String name;
        final Client owner;
        final WebClient http;
        final WebClient followersHttp;

        /** Turns run on {@code app}; followers connect to {@code followersApp}, the same node or another one. */
        Node(String name, RunningApp app, RunningApp followersApp, WebClient web) {
            this.name = name;
            this.owner = new Client(app, "live-bench");
            this.http = client(app, web);
            this.followersHttp = client(followersApp, web);
        }

        private static WebClient client(RunningApp app, WebClient web) {
            return web.mutate()
                    .baseUrl(app.baseUrl)
                    .defaultHeader("Authorization", "Bearer " + app.tokenFor("live-bench"))
                    .build();
        }

        /** A fresh conversation, visible to queries, with {@code size} followers connected and in place. */
        Followed follow(int size) {
            Client.Answer started = owner.post("/api/conversations", Map.of("title", "live bench"));
            owner.get("/api/conversations/" + started.id() + "?minVersion=" + started.version());
            Followed followed = new Followed(this, started.id());
            for (int from = 0; from < size; from += CONNECT_WAVE) {
                int wave = Math.min(CONNECT_WAVE, size - from);
                CountDownLatch answered = new CountDownLatch(wave);
                for (int i = 0; i < wave; i++) {
                    followed.add(answered);
                }
                await(answered, Duration.ofSeconds(60));
            }
            // The Redis bus positions its reader asynchronously: let it settle before the first turn.
            sleep(Duration.ofMillis(size == 0 ? 0 : 500));
            return followed;
        }
    }

    /** A conversation and its followers; runs turns and measures them. */
    private static final class Followed {
        final Node node;
        final String conversation;
        final List<Follower> followers = new ArrayList<>();
        final AtomicInteger closings = new AtomicInteger();
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        int turns;

        Followed(Node node, String conversation) {
            this.node = node;
            this.conversation = conversation;
        }

        int connected() {
            return connected.get();
        }

        int failed() {
            return failed.get();
        }

        void add(CountDownLatch answered) {
            Follower follower = new Follower();
            followers.add(follower);
            follower.subscription = node.followersHttp
                    .get()
                    .uri("/api/conversations/{id}/follow", conversation)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchangeToFlux(response -> {
                        if (!response.statusCode().is2xxSuccessful()) {
                            failed.incrementAndGet();
                            answered.countDown();
                            return response.releaseBody().thenMany(Flux.empty());
                        }
                        connected.incrementAndGet();
                        answered.countDown();
                        return response.bodyToFlux(DataBuffer.class);
                    })
                    .subscribe(
                            buffer -> {
                                long now = System.nanoTime();
                                follower.events.feed(buffer, name -> {
                                    follower.received(name, now);
                                    if (name.equals("done") || name.equals("error")) {
                                        closings.incrementAndGet();
                                    }
                                });
                            },
                            error -> {
                                follower.ended = error.toString();
                                if (answered.getCount() > 0) {
                                    failed.incrementAndGet();
                                    answered.countDown();
                                }
                            },
                            () -> follower.ended = "completed");
        }

        /** One turn: the initiator's stream, then every follower's frames of it, matched by type and position. */
        TurnResult turn() {
            turns++;
            List<Received> initiator = new ArrayList<>();
            EventNames initiatorEvents = new EventNames();
            long start = System.nanoTime();
            node.http
                    .post()
                    .uri("/api/conversations/{id}/turns", conversation)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .bodyValue(Map.of("content", MESSAGE))
                    .retrieve()
                    .bodyToFlux(DataBuffer.class)
                    .doOnNext(buffer -> {
                        long now = System.nanoTime();
                        initiatorEvents.feed(buffer, name -> {
                            synchronized (initiator) {
                                initiator.add(new Received(name, now));
                            }
                        });
                    })
                    .blockLast(Duration.ofMinutes(2));
            long end = System.nanoTime();
            List<Received> initiated;
            synchronized (initiator) {
                initiated = List.copyOf(initiator);
            }
            // Every live follower should see this turn's closing frame.
            int live = (int) followers.stream().filter(f -> f.ended == null).count();
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(10).plusMillis(followers.size() * 10L).toNanos();
            while (closings.get() < (long) live * turns && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(2));
            }
            TurnResult result = new TurnResult(initiated, start, end);
            Map<String, List<Long>> byType = new HashMap<>();
            for (Received frame : initiated) {
                byType.computeIfAbsent(frame.type, type -> new ArrayList<>()).add(frame.nanos);
            }
            long lastReceived = end;
            for (Follower follower : followers) {
                List<Received> got = follower.drain();
                Map<String, Integer> ordinals = new HashMap<>();
                int matched = 0;
                for (Received frame : got) {
                    lastReceived = Math.max(lastReceived, frame.nanos);
                    int ordinal = ordinals.merge(frame.type, 1, Integer::sum) - 1;
                    List<Long> sent = byType.get(frame.type);
                    if (sent != null && ordinal < sent.size()) {
                        result.lags.add(frame.nanos - sent.get(ordinal));
                        matched++;
                    } else {
                        result.extra++;
                    }
                }
                result.expected += initiated.size();
                result.delivered += matched;
                if (matched < initiated.size()) {
                    result.followersWithGaps++;
                }
            }
            result.deliveryNanos = initiated.isEmpty() ? 0 : lastReceived - initiated.get(0).nanos;
            return result;
        }

        void close() {
            followers.forEach(follower -> follower.subscription.dispose());
            sleep(Duration.ofMillis(followers.isEmpty() ? 0 : 300 + followers.size() / 4));
        }
    }

    /** One follower's frames as received; drained after each turn. */
    private static final class Follower {
        private final List<Received> frames = new ArrayList<>();
        final EventNames events = new EventNames();
        volatile Disposable subscription;
        volatile String ended;

        synchronized void received(String type, long nanos) {
            frames.add(new Received(type, nanos));
        }

        /** The frames of the turn just run (anything before its turn_start was late from an earlier turn). */
        synchronized List<Received> drain() {
            int start = 0;
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).type.equals("turn_start")) {
                    start = i;
                    break;
                }
            }
            List<Received> turn = new ArrayList<>(frames.subList(start, frames.size()));
            frames.clear();
            return turn;
        }
    }

    private record Received(String type, long nanos) {}

    /**
     * The names of the server-sent events in one response, read straight from its bytes as they arrive. The benchmark
     * needs only each frame's type and arrival time; a full SSE decoder per follower would spend, on these two cores,
     * much of the CPU the server is being measured with (it took a third of all samples in a profile).
     */
    static final class EventNames {
        private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
        private final byte[] line = new byte[64]; // enough for an "event:" line; longer lines are only counted
        private final byte[] chunk = new byte[8192];
        private int length;
        private String name;

        /** Reads a buffer (and releases it), calling back with the name of every event it completes. */
        void feed(DataBuffer buffer, Consumer<String> completed) {
            try {
                while (buffer.readableByteCount() > 0) {
                    int count = Math.min(chunk.length, buffer.readableByteCount());
                    buffer.read(chunk, 0, count);
                    for (int i = 0; i < count; i++) {
                        accept(chunk[i], completed);
                    }
                }
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        private void accept(byte b, Consumer<String> completed) {
            if (b == '\r') {
                return;
            }
            if (b != '\n') {
                if (length < line.length) {
                    line[length] = b;
                }
                length++;
                return;
            }
            if (length == 0) { // a blank line ends an event (or a comment, which has no name)
                if (name != null) {
                    completed.accept(name);
                    name = null;
                }
            } else if (length >= EVENT.length
                    && length <= line.length
                    && Arrays.equals(line, 0, EVENT.length, EVENT, 0, EVENT.length)) {
                name = new String(line, EVENT.length, length - EVENT.length, StandardCharsets.US_ASCII);
            }
            length = 0;
        }
    }

    private static final class TurnResult {
        final List<Received> initiator;
        final long requestNanos;
        final long firstToLastNanos;
        final Samples lags = new Samples();
        long expected;
        long delivered;
        int followersWithGaps;
        int extra;
        /** From the initiator's first frame to the last frame any follower received. */
        long deliveryNanos;

        TurnResult(List<Received> initiator, long start, long end) {
            this.initiator = initiator;
            this.requestNanos = end - start;
            this.firstToLastNanos =
                    initiator.isEmpty() ? 0 : initiator.get(initiator.size() - 1).nanos - initiator.get(0).nanos;
        }
    }

    private static final class Stats {
        final Samples lags = new Samples();
        final Samples firstToLast = new Samples();
        final Samples request = new Samples();
        long expected;
        long delivered;
        int followersWithGaps;
        int extra;
        int lastFrames = 120;
        long deliveryNanos;

        void add(TurnResult turn) {
            deliveryNanos += turn.deliveryNanos;
            lags.addAll(turn.lags);
            firstToLast.add(turn.firstToLastNanos);
            request.add(turn.requestNanos);
            expected += turn.expected;
            delivered += turn.delivered;
            followersWithGaps += turn.followersWithGaps;
            extra += turn.extra;
            lastFrames = turn.initiator.size();
        }

        int lastFrames() {
            return lastFrames;
        }

        /** Follower frames delivered per second while turns were being delivered. */
        double deliveryRate() {
            return deliveryNanos == 0 ? 0 : delivered / (deliveryNanos / 1e9);
        }
    }

    /** A growable array of nanosecond samples. */
    private static final class Samples {
        private long[] values = new long[1024];
        private int size;
        private boolean sorted;

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
            sorted = false;
        }

        synchronized void addAll(Samples other) {
            long[] theirs;
            int count;
            synchronized (other) {
                theirs = other.values;
                count = other.size;
            }
            for (int i = 0; i < count; i++) {
                add(theirs[i]);
            }
        }

        synchronized int size() {
            return size;
        }

        synchronized double percentile(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            return values[Math.min(size - 1, (int) Math.floor(size * p))];
        }

        synchronized double max() {
            return percentile(1.0);
        }
    }

    // ---------------------------------------------------------------------------------------------------- Redis

    /**
     * The floor for the Redis bus: XADD on one Redisson client to a reader blocked in XREAD on another (StringCodec,
     * as the app's clients), one-way, paced like the turns and with frames shaped like theirs.
     */
    private static final class RawBaseline implements AutoCloseable {
        private static final String KEY = "bench:raw";
        private final RedissonClient producer;
        private final RedissonClient reader;
        private volatile long[] sent = new long[0];
        private volatile Samples current = new Samples();
        private final AtomicLong received = new AtomicLong();
        private volatile StreamMessageId position = new StreamMessageId(0, 0);
        private volatile boolean closed;

        RawBaseline(String url) {
            producer = client(url, "bench-raw-producer");
            reader = client(url, "bench-raw-reader");
            producer.getKeys().delete(KEY);
            read();
        }

        private static RedissonClient client(String url, String name) {
            Config config = new Config();
            config.setCodec(StringCodec.INSTANCE);
            config.useSingleServer()
                    .setAddress(url)
                    .setClientName(name)
                    .setConnectionPoolSize(8)
                    .setConnectionMinimumIdleSize(2);
            return Redisson.create(config);
        }

        private RStream<String, String> stream(RedissonClient client) {
            return client.getStream(KEY);
        }

        private void read() {
            if (closed) {
                return;
            }
            stream(reader)
                    .readAsync(StreamReadArgs.greaterThan(position).count(100).timeout(Duration.ofSeconds(2)))
                    .whenComplete((entries, error) -> {
                        long now = System.nanoTime();
                        if (error == null && entries != null) {
                            long[] times = sent;
                            Samples into = current;
                            for (Map.Entry<StreamMessageId, Map<String, String>> entry : entries.entrySet()) {
                                int seq = Integer.parseInt(entry.getValue().get("seq"));
                                if (seq < times.length && times[seq] != 0) {
                                    into.add(now - times[seq]);
                                }
                                received.incrementAndGet();
                                if (after(entry.getKey(), position)) {
                                    position = entry.getKey();
                                }
                            }
                        } else if (error != null && !closed) {
                            sleep(Duration.ofMillis(100));
                        }
                        read();
                    });
        }

        private static boolean after(StreamMessageId id, StreamMessageId other) {
            return id.getId0() > other.getId0() || (id.getId0() == other.getId0() && id.getId1() > other.getId1());
        }

        /** {@code count} entries, one per {@code pace}; answers the one-way latencies. */
        Samples round(int count, String pace) {
            long paceNanos = DurationStyle.detectAndParse(pace).toNanos();
            Samples lags = new Samples();
            long[] times = new long[count];
            sent = times;
            current = lags;
            long before = received.get();
            RStream<String, String> stream = stream(producer);
            for (int seq = 0; seq < count; seq++) {
                times[seq] = System.nanoTime();
                stream.addAsync(StreamAddArgs.entries(
                                "event", "token", "data", "{\"content\":\"word \"}", "seq", Integer.toString(seq))
                        .trimNonStrict()
                        .maxLen(4000)
                        .noLimit());
                LockSupport.parkNanos(paceNanos);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.get() < before + count && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(1));
            }
            return lags;
        }

        @Override
        public void close() {
            closed = true;
            producer.getKeys().delete(KEY);
            producer.shutdown();
            reader.shutdown();
        }
    }

    /** A private redis-server on a free port (so other users of the machine's Redis neither disturb nor see us). */
    private static final class PrivateRedis implements AutoCloseable {
        final String url;
        final RedisServerProcess server;

        private PrivateRedis(String url, RedisServerProcess server) {
            this.url = url;
            this.server = server;
        }

        static PrivateRedis start() throws Exception {
            String given = System.getProperty("bench.redisUrl", "");
            if (!given.isBlank()) {
                return new PrivateRedis(given, null);
            }
            RedisServerProcess server = RedisServerProcess.onFreePort().start();
            Probe.redisPid = server.pid();
            return new PrivateRedis(server.url(), server);
        }

        String describe() {
            return server == null ? "at " + url : "(private redis-server, no persistence) at " + url;
        }

        @Override
        public void close() throws InterruptedException {
            if (server != null) {
                server.stop();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- machine

    /**
     * What the machine did during a phase, to read the figures by: CPU of this JVM, of redis-server and of every
     * other process; CPU by thread group in this JVM; collections; and how late a thread that sleeps 1 ms wakes up.
     */
    private static final class Probe {
        private static final Canary CANARY = Canary.start();
        static volatile long redisPid = -1;

        private final long wall = System.nanoTime();
        private final long[] machine = machineTicks();
        private final Map<String, Long> threads = threadCpu();
        private final long[] gc = gc();
        private final Samples stalls = CANARY.fresh();

        String report() {
            double seconds = (System.nanoTime() - wall) / 1e9;
            long[] now = machineTicks();
            double ticks = 100.0 * seconds; // USER_HZ
            double busy = (now[0] - machine[0]) / ticks;
            double ours = (now[1] - machine[1]) / ticks;
            double redis = (now[2] - machine[2]) / ticks;
            long[] gcNow = gc();
            Map<String, Long> cpuNow = threadCpu();
            List<Map.Entry<String, Long>> busiest = new ArrayList<>();
            cpuNow.forEach((group, nanos) -> busiest.add(Map.entry(group, nanos - threads.getOrDefault(group, 0L))));
            busiest.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            StringBuilder groups = new StringBuilder();
            for (Map.Entry<String, Long> group : busiest.subList(0, Math.min(6, busiest.size()))) {
                groups.append(String.format(" %s %.2f,", group.getKey(), group.getValue() / 1e9 / seconds));
            }
            return String.format(
                    "%32s machine over %.0f s (cores busy, of %d): this JVM %.2f, redis-server %s, other processes"
                            + " %.2f; GC %d collections, %d ms; a 1 ms sleeper woke late by p99 %.1f ms, max %.1f"
                            + " ms%n%32s busiest thread groups (cores):%s%n",
                    "",
                    seconds,
                    Runtime.getRuntime().availableProcessors(),
                    ours,
                    redisPid < 0 ? "n/a" : String.format("%.2f", redis),
                    Math.max(0, busy - ours - redis),
                    gcNow[0] - gc[0],
                    gcNow[1] - gc[1],
                    stalls.percentile(0.99) / 1e6,
                    stalls.max() / 1e6,
                    "",
                    groups.substring(0, Math.max(0, groups.length() - 1)));
        }

        /** Busy ticks of the machine, of this process and of redis-server (Linux /proc; zeros elsewhere). */
        private static long[] machineTicks() {
            try {
                String[] cpu =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                    busy += Long.parseLong(cpu[i]);
                }
                long redis = redisPid < 0 ? 0 : processTicks(Long.toString(redisPid));
                return new long[] {busy, processTicks("self"), redis};
            } catch (IOException | RuntimeException notLinux) {
                return new long[3];
            }
        }

        private static long processTicks(String pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        }

        private static Map<String, Long> threadCpu() {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            Map<String, Long> groups = new HashMap<>();
            for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
                if (info != null) {
                    long nanos = bean.getThreadCpuTime(info.getThreadId());
                    if (nanos > 0) {
                        groups.merge(info.getThreadName().replaceAll("[-#]?\\d+", ""), nanos, Long::sum);
                    }
                }
            }
            return groups;
        }

        private static long[] gc() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, bean.getCollectionCount());
                millis += Math.max(0, bean.getCollectionTime());
            }
            return new long[] {count, millis};
        }
    }

    /** A thread that sleeps 1 ms again and again and records how late it wakes up. */
    private static final class Canary {
        private volatile Samples current = new Samples();

        static Canary start() {
            Canary canary = new Canary();
            Thread thread = new Thread(
                    () -> {
                        while (true) {
                            long start = System.nanoTime();
                            LockSupport.parkNanos(1_000_000);
                            canary.current.add(Math.max(0, System.nanoTime() - start - 1_000_000));
                        }
                    },
                    "bench-canary");
            thread.setDaemon(true);
            thread.start();
            return canary;
        }

        Samples fresh() {
            Samples samples = new Samples();
            current = samples;
            return samples;
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException notLinux) {
            return "n/a";
        }
    }

    private static int[] ints(String list) {
        return list.isBlank()
                ? new int[0]
                : Arrays.stream(list.split(","))
                        .map(String::trim)
                        .mapToInt(Integer::parseInt)
                        .toArray();
    }

    private static void await(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
