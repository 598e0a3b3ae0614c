package dev.threadline.app.live;

import static dev.threadline.app.live.LiveBusContract.contents;
import static dev.threadline.app.live.LiveBusContract.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threadline.app.MutableClock;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.LiveTurn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import reactor.core.Disposable;

/** The Redis bus on a private redis-server that the tests stop and start, and with several nodes sharing it. */
class RedisLiveBusResilienceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** The time every node of a lease test reads; the test moves it. */
    private final MutableClock clock = new MutableClock();

    private final List<RedissonClient> clients = new ArrayList<>();
    private final List<Disposable> followers = new ArrayList<>();
    private RedisServerProcess redis;

    @BeforeAll
    static void redisInstalled() {
        RedisForTests.installed();
    }

    @AfterEach
    void stop() throws InterruptedException {
        followers.forEach(Disposable::dispose);
        clients.forEach(RedissonClient::shutdown);
        if (redis != null) {
            redis.stop();
        }
    }

    /** Starts this test's own redis-server and answers the bus settings for it. */
    private LiveSettings privateRedis() throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        return LocalRedis.settings(redis.url(), 4000);
    }

    /** A node's view of the turn leases, on its own client, by the clock the test moves. */
    private RedisTurnLeases leases(LiveSettings settings) {
        return new RedisTurnLeases(LocalRedis.client(settings, clients), settings, clock);
    }

    private RedisLiveBus node(String url) {
        return LocalRedis.bus(LocalRedis.settings(url, 4000), clients);
    }

    private List<LiveFrame> follow(RedisLiveBus bus, ConversationId conversation) {
        List<LiveFrame> frames = new CopyOnWriteArrayList<>();
        followers.add(bus.follow(conversation, null).subscribe(frames::add));
        return frames;
    }

    private static boolean saw(List<LiveFrame> frames, LiveFrame signal) {
        return frames.stream().anyMatch(frame -> frame.frame().equals(signal.frame()));
    }

    @Test
    void eachNodeReadsAConversationWithOneBlockingReaderWhateverItsFollowers() throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        RedisLiveBus bus = node(redis.url());
        ConversationId busy = ConversationId.random();
        ConversationId quiet = ConversationId.random();
        RedissonClient observer = LocalRedis.client(LocalRedis.settings(redis.url(), 4000), clients);

        List<List<LiveFrame>> watching = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            watching.add(follow(bus, busy));
        }
        follow(bus, quiet);
        follow(bus, quiet);

        await().atMost(WAIT).until(() -> blockedClients(observer) == 2);
        turn(bus, busy, "t", 3, true);
        await().atMost(WAIT).until(() -> watching.stream()
                .allMatch(frames -> contents(frames).size() == 3));
    }

    @Test
    void aTurnThatLosesRedisMidwayNeverWaitsForItAndEndsWithinItsTimeouts() throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        RedisLiveBus bus = node(redis.url());
        ConversationId conversation = ConversationId.random();
        List<LiveFrame> frames = follow(bus, conversation);
        LiveTurn turn = LiveTurn.start(
                bus,
                conversation,
                "mid",
                LiveBusContract.turnStart("mid"),
                Duration.ofSeconds(1),
                ForkJoinPool.commonPool());
        turn.publish(LiveBusContract.token("mid:0"));
        await().atMost(WAIT).until(() -> contents(frames).contains("mid:0"));

        redis.stop();
        long began = System.nanoTime();
        for (int i = 1; i <= 50; i++) {
            turn.publish(LiveBusContract.token("mid:" + i));
        }
        Duration publishing = Duration.ofNanos(System.nanoTime() - began);
        turn.end(LiveBusContract.done("mid")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Duration ending = Duration.ofNanos(System.nanoTime() - began);

        assertThat(publishing).isLessThan(Duration.ofMillis(500)); // the turn runs at its own pace
        assertThat(turn.tripped()).isTrue();
        // The write that met the outage, the closing frame and the end: each given up after its 1 s at most.
        assertThat(ending).isLessThan(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> saw(frames, LiveFollowers.UNAVAILABLE));
        redis.start();
        await().atMost(WAIT).until(() -> saw(frames, LiveFollowers.AVAILABLE));
    }

    @Test
    void followingSaysWhenRedisGoesAwayAndPicksUpWhenItComesBack() throws Exception {
        followThroughAnOutageOf(Duration.ZERO);
    }

    @Test
    void followingPicksUpAfterAnOutageLongEnoughForSixtyReconnectionAttempts() throws Exception {
        // Redisson's back-off overflowed at a connection's 57th attempt (about 40 s in) and stopped reconnecting.
        followThroughAnOutageOf(Duration.ofSeconds(50));
    }

    private void followThroughAnOutageOf(Duration atLeast) throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        RedisLiveBus bus = node(redis.url());
        ConversationId conversation = ConversationId.random();
        List<LiveFrame> frames = follow(bus, conversation);
        turn(bus, conversation, "before", 2, true);
        await().atMost(WAIT).until(() -> contents(frames).size() == 2);

        redis.stop();
        long stopped = System.nanoTime();
        await().atMost(WAIT).until(() -> saw(frames, LiveFollowers.UNAVAILABLE));
        assertThat(bus.publish(conversation, null, LiveBusContract.token("lost"))
                        .toCompletableFuture())
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class);
        Thread.sleep(Math.max(0, atLeast.minusNanos(System.nanoTime() - stopped).toMillis()));

        redis.start();
        await().atMost(WAIT).until(() -> saw(frames, LiveFollowers.AVAILABLE));
        // The producer's pooled connections died with the server and reconnect within about a second: a turn that
        // draws one still reconnecting fails, which costs that turn only (its breaker trips). A later turn is relayed.
        AtomicInteger attempts = new AtomicInteger();
        String after = await().atMost(WAIT)
                .ignoreExceptions()
                .until(
                        () -> {
                            String turnId = "after" + attempts.incrementAndGet();
                            turn(bus, conversation, turnId, 2, true);
                            return turnId;
                        },
                        Objects::nonNull);

        await().atMost(WAIT).until(() -> contents(frames).contains(after + ":1"));
        assertThat(contents(frames))
                .startsWith("before:0", "before:1")
                .endsWith(after + ":0", after + ":1")
                .doesNotHaveDuplicates();
    }

    @Test
    void aNodeStartedWhileRedisIsDownFollowsOnceRedisIsUp() throws Exception {
        redis = RedisServerProcess.onFreePort(); // not started yet
        RedisLiveBus bus = node(redis.url());
        ConversationId conversation = ConversationId.random();
        List<LiveFrame> frames = follow(bus, conversation);
        await().atMost(WAIT).until(() -> saw(frames, LiveFollowers.UNAVAILABLE));

        redis.start();
        await().atMost(WAIT).until(() -> saw(frames, LiveFollowers.AVAILABLE));
        turn(bus, conversation, "first", 2, true);

        await().atMost(WAIT).until(() -> contents(frames).size() == 2);
    }

    @Test
    void aFollowerOnAnotherNodeWatchesTheTurn() throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        RedisLiveBus nodeA = node(redis.url());
        RedisLiveBus nodeB = node(redis.url());
        ConversationId conversation = ConversationId.random();
        turn(nodeA, conversation, "t", 2, false);

        List<LiveFrame> onB = follow(nodeB, conversation);
        await().atMost(WAIT).until(() -> contents(onB).size() == 2);
        turn(nodeA, conversation, "ignored", 0, false); // a new turn_start, as a next turn would write
        LiveBusContract.write(nodeA, conversation, LiveBusContract.done("end"));

        await().atMost(WAIT).until(() -> LiveBusContract.types(onB).contains("done"));
        assertThat(LiveBusContract.types(onB)).first().isEqualTo("turn_start");
    }

    @Test
    void followersOnTheTurnsNodeAndOnAnotherSeeTheSamePositionsAsTheStream() throws Exception {
        redis = RedisServerProcess.onFreePort().start();
        RedisLiveBus nodeA = node(redis.url());
        RedisLiveBus nodeB = node(redis.url());
        ConversationId conversation = ConversationId.random();
        turn(nodeA, conversation, "t", 1, false);
        List<LiveFrame> onA = follow(nodeA, conversation);
        List<LiveFrame> onB = follow(nodeB, conversation);
        await().atMost(WAIT)
                .until(() -> contents(onA).size() == 1 && contents(onB).size() == 1);

        nodeA.publish(conversation, "t", LiveBusContract.token("t:1"));

        await().atMost(WAIT)
                .until(() -> contents(onA).contains("t:1") && contents(onB).contains("t:1"));
        assertThat(positions(onA)).hasSize(3).isEqualTo(positions(onB));
        assertThat(positions(onA))
                .isEqualTo(nodeA.range(conversation, "0-0", true)
                        .map(LiveFrame::id)
                        .collectList()
                        .block());
    }

    private static List<String> positions(List<LiveFrame> frames) {
        return frames.stream()
                .filter(frame -> !frame.isSignal())
                .map(LiveFrame::id)
                .toList();
    }

    @Test
    void exactlyOneNodeClaimsTheTurnOfANodeThatStoppedRenewingItsLease() throws Exception {
        LiveSettings settings = privateRedis();
        RedisTurnLeases crashed = leases(settings);
        RedisTurnLeases survivorA = leases(settings);
        RedisTurnLeases survivorB = leases(settings);
        ConversationId running = ConversationId.random();
        ConversationId renewed = ConversationId.random();
        crashed.hold(running).toCompletableFuture().join();
        survivorA.hold(renewed).toCompletableFuture().join();

        assertThat(survivorB.claimExpired().toCompletableFuture().join()).isEmpty();
        clock.advance(settings.lease().dividedBy(2));
        survivorA.renew().toCompletableFuture().join();
        clock.advance(settings.lease().dividedBy(2).plusMillis(100));
        var claimedByA = survivorA.claimExpired().toCompletableFuture();
        var claimedByB = survivorB.claimExpired().toCompletableFuture();

        List<ConversationId> claimed = new ArrayList<>(claimedByA.join());
        claimed.addAll(claimedByB.join());
        assertThat(claimed).containsExactly(running);
    }

    @Test
    void aNodeNeverClaimsTheLeaseOfATurnItRunsItselfEvenWhenItsRenewalIsLate() throws Exception {
        LiveSettings settings = privateRedis();
        RedisTurnLeases node = leases(settings);
        RedisTurnLeases other = leases(settings);
        ConversationId running = ConversationId.random();
        node.hold(running).toCompletableFuture().join();

        clock.advance(settings.lease().plusMillis(100)); // its renewal is late: the lease ran out

        assertThat(node.claimExpired().toCompletableFuture().join()).isEmpty();
        assertThat(other.claimExpired().toCompletableFuture().join()).containsExactly(running);
    }

    @Test
    void aNodeThatLostRedisClaimsNothingUntilItHasBeenBackForALeasePeriod() throws Exception {
        LiveSettings settings = privateRedis();
        RedisTurnLeases owner = leases(settings);
        RedisTurnLeases other = leases(settings);
        ConversationId conversation = ConversationId.random();
        owner.hold(conversation).toCompletableFuture().join();
        assertThat(other.claimExpired().toCompletableFuture().join()).isEmpty();
        clock.advance(settings.lease().multipliedBy(2)); // the owner could not renew meanwhile, nor could the other

        RedissonClient observer = LocalRedis.client(settings, clients);
        observer.getBucket("warm-up").isExists();
        redis.pause(Duration.ofSeconds(10)); // longer than the client waits, with its retry
        assertThat(other.claimExpired().toCompletableFuture()).failsWithin(WAIT);
        await().atMost(WAIT).ignoreExceptions().until(() -> !observer.getBucket("ping")
                .isExists());

        assertThat(other.claimExpired().toCompletableFuture().join()).isEmpty(); // the owner gets to renew first
        clock.advance(settings.lease());
        assertThat(other.claimExpired().toCompletableFuture().join()).containsExactly(conversation);
    }

    private static long blockedClients(RedissonClient client) {
        String info = client.getRedisNodes(RedisNodes.SINGLE)
                .getInstance()
                .info(org.redisson.api.redisnode.RedisNode.InfoSection.CLIENTS)
                .get("blocked_clients");
        return Long.parseLong(info);
    }
}
