package dev.threadline.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/** The contract on Redis Streams, on the machine's Redis (see {@link RedisForTests}), and the layout it keeps there. */
class RedisLiveBusTest extends LiveBusContract {

    private static final LiveSettings SETTINGS = LocalRedis.settings(LocalRedis.URL, 4000);

    private final List<RedissonClient> clients = new ArrayList<>();

    @BeforeAll
    static void redisRunning() {
        RedisForTests.answering();
    }

    @Override
    LiveBus bus(int maxFrames) {
        return LocalRedis.bus(LocalRedis.settings(LocalRedis.URL, maxFrames), clients);
    }

    @AfterEach
    void shutdown() {
        clients.forEach(RedissonClient::shutdown);
    }

    /** A node's bus on the machine's Redis, with the production defaults. */
    private RedisLiveBus node() {
        return LocalRedis.bus(SETTINGS, clients);
    }

    /** A plain client, to look at what the bus keeps in Redis. */
    private RedissonClient redis() {
        return LocalRedis.client(SETTINGS, clients);
    }

    @Test
    void followingMoreConversationsThanTheFollowerPoolHoldsLeavesItsConnectionsToReplays() {
        RedissonClient producer = LiveConfiguration.redisClient(SETTINGS, "test-producer", 4);
        RedissonClient follower = LiveConfiguration.redisClient(SETTINGS, "test-follower", 2);
        RedissonClient reader = LiveConfiguration.redisClient(SETTINGS, "test-reader", 16);
        clients.addAll(List.of(producer, follower, reader));
        RedisLiveBus bus = new RedisLiveBus(
                producer,
                follower,
                reader,
                new ObjectMapper(),
                SETTINGS,
                new RedisTurnLeases(producer, SETTINGS, Clock.systemUTC()));

        // Eight followed conversations park eight blocking reads at once: four times the follower pool.
        List<ConversationId> followed = new ArrayList<>();
        List<List<LiveFrame>> feeds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ConversationId conversation = ConversationId.random();
            List<LiveFrame> feed = follow(bus, conversation, null);
            attached(bus, conversation, feed);
            followed.add(conversation);
            feeds.add(feed);
        }

        ConversationId late = ConversationId.random();
        turn(bus, late, "late", 3, false);
        List<LiveFrame> joined = follow(bus, late, null);

        await().atMost(WAIT).until(() -> contents(joined).size() == 3);
        assertThat(types(joined)).first().isEqualTo("turn_start");
        assertThat(contents(joined)).containsExactly("late:0", "late:1", "late:2");
        turn(bus, followed.get(7), "still-live", 1, true);
        await().atMost(WAIT).until(() -> contents(feeds.get(7)).contains("still-live:0"));
        end(bus, late);
    }

    @Test
    void aLiveTurnIsAStreamOfPlainFieldsWithAMarkerAndALeaseThatEndingTheTurnRemoves() {
        LiveBus bus = node();
        RedissonClient redis = redis();
        ConversationId conversation = ConversationId.random();

        turn(bus, conversation, "t", 1, false);

        Map<StreamMessageId, Map<String, String>> entries = redis.<String, String>getStream(
                        RedisLiveBus.streamKey(conversation))
                .range(StreamMessageId.MIN, StreamMessageId.MAX);
        assertThat(entries.values())
                .containsExactly(
                        Map.of("event", "turn_start", "data", "{\"turn_id\":\"t\"}"),
                        Map.of("event", "token", "data", "{\"content\":\"t:0\"}"));
        String marker =
                redis.<String>getBucket(RedisLiveBus.markerKey(conversation)).get();
        assertThat(marker).isEqualTo(entries.keySet().iterator().next().toString());
        assertThat(Duration.ofMillis(
                        redis.getBucket(RedisLiveBus.markerKey(conversation)).remainTimeToLive()))
                .isPositive()
                .isLessThanOrEqualTo(SETTINGS.markerTtl());
        assertThat(Duration.ofMillis(
                        redis.getStream(RedisLiveBus.streamKey(conversation)).remainTimeToLive()))
                .isPositive()
                .isLessThanOrEqualTo(SETTINGS.streamTtl());
        assertThat(redis.getScoredSortedSet(RedisTurnLeases.KEY).contains(conversation.value()))
                .isTrue();

        end(bus, conversation);

        assertThat(redis.getBucket(RedisLiveBus.markerKey(conversation)).isExists())
                .isFalse();
        assertThat(redis.getScoredSortedSet(RedisTurnLeases.KEY).contains(conversation.value()))
                .isFalse();
        List<LiveFrame> kept = ((RedisLiveBus) bus)
                .range(conversation, "0-0", true)
                .collectList()
                .block();
        assertThat(contents(kept)).containsExactly("t:0"); // the frames stay for reconnecting followers
    }

    @Test
    void whatRedisPlacesGoesToAMillisecondAfterTheRunningTurnsSoItNeverTakesThePositionOfThatTurnsNextFrame() {
        RedisLiveBus bus = node();
        ConversationId conversation = ConversationId.random();
        oldThenNewTurn(bus, conversation);
        String old = turnStartOf(bus, conversation, "old");
        bus.publish(conversation, null, TurnFrame.of("error", "code", "TURN_INTERRUPTED"))
                .toCompletableFuture()
                .join();

        List<LiveFrame> stream =
                bus.range(conversation, "0-0", true).collectList().block();
        long oldMillisecond = Long.parseLong(old.split("-")[0]);
        assertThat(stream).hasSize(4);
        assertThat(stream.subList(2, 4))
                .allSatisfy(frame ->
                        assertThat(Long.parseLong(frame.id().split("-")[0])).isGreaterThan(oldMillisecond));
    }

    @Test
    void aTurnStartIsNeverInTheStreamWithoutItsMarker() throws Exception {
        LiveBus bus = node();
        RedissonClient observer = redis();
        ConversationId conversation = ConversationId.random();
        AtomicBoolean turnsDone = new AtomicBoolean();
        List<String> unmarked = new CopyOnWriteArrayList<>();
        // Looks as a joining follower would, at the newest entry and the marker, in one atomic step.
        Thread watching = new Thread(() -> {
            try {
                while (!turnsDone.get()) {
                    String turnStartWithoutMarker = observer.getScript(StringCodec.INSTANCE)
                            .eval(
                                    RScript.Mode.READ_ONLY,
                                    """
                                    local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
                                    if not newest then
                                        return false
                                    end
                                    local fields = newest[2]
                                    for i = 1, #fields, 2 do
                                        if fields[i] == 'event' and fields[i + 1] == 'turn_start'
                                                and redis.call('GET', KEYS[2]) ~= newest[1] then
                                            return newest[1]
                                        end
                                    end
                                    return false
                                    """,
                                    RScript.ReturnType.VALUE,
                                    List.of(
                                            RedisLiveBus.streamKey(conversation),
                                            RedisLiveBus.markerKey(conversation)));
                    if (turnStartWithoutMarker != null) {
                        unmarked.add(turnStartWithoutMarker);
                    }
                }
            } catch (RuntimeException e) {
                unmarked.add("the observer failed: " + e);
            }
        });
        watching.start();

        for (int i = 0; i < 200; i++) {
            turn(bus, conversation, "t" + i, 1, true);
        }
        turnsDone.set(true);
        watching.join();

        assertThat(unmarked).isEmpty();
    }

    @Test
    void aTurnEndingAfterTheNextTurnStartedHereLeavesItsMarkerAndLeaseAndItsQueuedWritesAreRefused() {
        RedisLiveBus bus = node();
        RedissonClient redis = redis();
        ConversationId conversation = ConversationId.random();
        CompletableFuture<Void> late = overlappedTurns(bus, conversation);

        assertThat(late) // its position is before the next turn's turn_start, which Redis refuses
                .failsWithin(WAIT);
        assertThat(marker(redis, conversation)).isNotNull().isEqualTo(turnStartOf(bus, conversation, "new"));
        assertThat(redis.getScoredSortedSet(RedisTurnLeases.KEY).contains(conversation.value()))
                .isTrue();
        bus.endTurn(conversation, "new").toCompletableFuture().join();
    }

    @Test
    void aTurnEndingAfterTheNextTurnStartedOnAnotherNodeLeavesThatTurnLive() {
        RedisLiveBus nodeA = node();
        RedisLiveBus nodeB = node();
        RedissonClient redis = redis();
        ConversationId conversation = ConversationId.random();
        nodeA.startTurn(conversation, "old", turnStart("old"))
                .toCompletableFuture()
                .join();
        nodeB.startTurn(conversation, "new", turnStart("new"))
                .toCompletableFuture()
                .join();

        nodeA.endTurn(conversation, "old").toCompletableFuture().join();

        assertThat(marker(redis, conversation)).isNotNull().isEqualTo(turnStartOf(nodeB, conversation, "new"));
        nodeB.endTurn(conversation, "new").toCompletableFuture().join();
        assertThat(redis.getBucket(RedisLiveBus.markerKey(conversation)).isExists())
                .isFalse();
    }

    @Test
    void aFrameThatCannotBeWrittenReachesNoFollower() {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        List<LiveFrame> frames = follow(bus, conversation, null);
        bus.startTurn(conversation, "t", turnStart("t")).toCompletableFuture().join();

        CompletableFuture<Void> unwritable = bus.publish(
                        conversation, "t", TurnFrame.of("token", "content", new Object()))
                .toCompletableFuture();
        bus.publish(conversation, "t", token("t:0")).toCompletableFuture().join();

        assertThat(unwritable).failsWithin(WAIT);
        await().atMost(WAIT).until(() -> contents(frames).contains("t:0"));
        assertThat(types(frames)).containsExactly("turn_start", "token");
        end(bus, conversation);
    }

    private static String marker(RedissonClient redis, ConversationId conversation) {
        return redis.<String>getBucket(RedisLiveBus.markerKey(conversation)).get();
    }

    /** The stream position of turn {@code turnId}'s turn_start. */
    private static String turnStartOf(RedisLiveBus bus, ConversationId conversation, String turnId) {
        return bus.range(conversation, "0-0", true)
                .filter(frame -> turnId.equals(frame.frame().data().get("turn_id")))
                .map(LiveFrame::id)
                .blockFirst();
    }
}
