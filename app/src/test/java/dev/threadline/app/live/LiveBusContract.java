package dev.threadline.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** What every live bus does for followers, whatever carries the frames. */
abstract class LiveBusContract {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Disposable> followers = new ArrayList<>();

    /** A bus keeping at most {@code maxFrames} frames per conversation. */
    abstract LiveBus bus(int maxFrames);

    @AfterEach
    void stopFollowing() {
        followers.forEach(Disposable::dispose);
    }

    /** Follows in the background, collecting every frame. */
    List<LiveFrame> follow(LiveBus bus, ConversationId conversation, String lastEventId) {
        List<LiveFrame> frames = new CopyOnWriteArrayList<>();
        followers.add(bus.follow(conversation, lastEventId).subscribe(frames::add));
        return frames;
    }

    /** The turn each conversation is running, as the turn runner tells the bus: from its turn_start to its end. */
    private static final Map<ConversationId, String> RUNNING = new ConcurrentHashMap<>();

    static void write(LiveBus bus, ConversationId conversation, TurnFrame frame) {
        if (frame.type().equals("turn_start")) {
            String turnId = (String) frame.data().get("turn_id");
            RUNNING.put(conversation, turnId);
            bus.startTurn(conversation, turnId, frame).toCompletableFuture().join();
        } else {
            bus.publish(conversation, RUNNING.get(conversation), frame)
                    .toCompletableFuture()
                    .join();
        }
    }

    static void end(LiveBus bus, ConversationId conversation) {
        String turnId = RUNNING.remove(conversation);
        bus.endTurn(conversation, turnId).toCompletableFuture().join();
    }

    static TurnFrame token(String text) {
        return TurnFrame.of("token", "content", text);
    }

    static TurnFrame turnStart(String turnId) {
        return TurnFrame.of("turn_start", "turn_id", turnId);
    }

    static TurnFrame done(String content) {
        return TurnFrame.of("done", "content", content, "model", "m");
    }

    /** A whole turn: turn_start, tokens, done; the live turn stays open unless {@code ended}. */
    static void turn(LiveBus bus, ConversationId conversation, String turnId, int tokens, boolean ended) {
        write(bus, conversation, turnStart(turnId));
        for (int i = 0; i < tokens; i++) {
            write(bus, conversation, token(turnId + ":" + i));
        }
        if (ended) {
            write(bus, conversation, done(turnId));
            end(bus, conversation);
        }
    }

    /**
     * Turn "old" (one token) overlapped by turn "new": old's closing frame is written after new started, and then old
     * ends, as when its last writes were still queued. Answers that late write.
     */
    static CompletableFuture<Void> overlappedTurns(LiveBus bus, ConversationId conversation) {
        oldThenNewTurn(bus, conversation);
        CompletableFuture<Void> late =
                bus.publish(conversation, "old", done("old")).toCompletableFuture();
        bus.endTurn(conversation, "old").toCompletableFuture().join();
        return late;
    }

    /** Turn "old" with one token, then at once turn "new", with "old" still running. */
    static void oldThenNewTurn(LiveBus bus, ConversationId conversation) {
        bus.startTurn(conversation, "old", turnStart("old"))
                .toCompletableFuture()
                .join();
        bus.publish(conversation, "old", token("old:0")).toCompletableFuture().join();
        bus.startTurn(conversation, "new", turnStart("new"))
                .toCompletableFuture()
                .join();
    }

    static List<String> types(List<LiveFrame> frames) {
        return frames.stream().map(frame -> frame.frame().type()).toList();
    }

    static List<String> contents(List<LiveFrame> frames) {
        return frames.stream()
                .filter(frame -> frame.frame().type().equals("token"))
                .map(frame -> (String) frame.frame().data().get("content"))
                .toList();
    }

    /**
     * Waits until the follower is attached (its replay is done and the tail flows) by writing marker frames until one
     * arrives. Outside a turn nothing is replayed, so a marker written before the tail is in place is rightly missed.
     */
    void attached(LiveBus bus, ConversationId conversation, List<LiveFrame> frames) {
        String probe = "probe-" + System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            write(bus, conversation, TurnFrame.of("status", "probe", probe));
            return frames.stream()
                    .anyMatch(frame -> probe.equals(frame.frame().data().get("probe")));
        });
    }

    @Test
    void followersJoiningAndLeavingWhileATurnStreamsEachGetItWhole() throws Exception {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        write(bus, conversation, turnStart("busy"));
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 400; i++) {
                write(bus, conversation, token("busy:" + i));
            }
            write(bus, conversation, done("busy"));
        });
        writer.start();
        List<List<LiveFrame>> joined = new ArrayList<>();
        while (writer.isAlive()) {
            joined.add(follow(bus, conversation, null));
            if (followers.size() > 1) {
                followers.remove(0).dispose(); // one leaves as the next joins
            }
            Thread.sleep(2); // churn, not a flood of replays that would starve the writer on a loaded machine
        }
        writer.join(WAIT.toMillis());
        assertThat(writer.isAlive()).as("the writer is stuck").isFalse();
        List<LiveFrame> last = follow(bus, conversation, null);

        await().atMost(WAIT).until(() -> types(last).contains("done"));
        assertThat(contents(last)).hasSize(400);
        assertThat(joined).anyMatch(frames -> !contents(frames).isEmpty());
        // Each joiner that left got the turn from its start for as long as it stayed: no gap, nothing twice.
        for (List<LiveFrame> frames : joined) {
            List<String> tokens = contents(frames);
            assertThat(tokens)
                    .isEqualTo(IntStream.range(0, tokens.size())
                            .mapToObj(i -> "busy:" + i)
                            .toList());
            if (!frames.isEmpty()) {
                assertThat(types(frames)).first().isEqualTo("turn_start");
            }
        }
        end(bus, conversation);
    }

    @Test
    void twoLateJoinersReplayTheSameFramesLedByTurnStartAndEndingWithDone() {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        write(bus, conversation, turnStart("t1"));
        for (int i = 0; i < 5; i++) {
            write(bus, conversation, token("t" + i));
        }
        write(bus, conversation, done("t0t1t2t3t4"));

        List<LiveFrame> first = follow(bus, conversation, null);
        List<LiveFrame> second = follow(bus, conversation, null);

        await().atMost(WAIT).until(() -> first.size() == 7 && second.size() == 7);
        assertThat(first).isEqualTo(second);
        assertThat(types(first)).first().isEqualTo("turn_start");
        assertThat(types(first)).last().isEqualTo("done");
        assertThat(first.get(0).frame().data()).containsEntry("turn_id", "t1");
    }

    @Test
    void conversationsAreIsolatedAndAFollowerBeforeTheTurnTailsItLive() {
        LiveBus bus = bus(4000);
        ConversationId watched = ConversationId.random();
        ConversationId other = ConversationId.random();
        List<LiveFrame> early = follow(bus, watched, null);
        attached(bus, watched, early);

        turn(bus, other, "elsewhere", 3, true);
        turn(bus, watched, "here", 3, true);

        await().atMost(WAIT).until(() -> types(early).contains("done"));
        assertThat(contents(early)).containsExactly("here:0", "here:1", "here:2");
    }

    @Test
    void aMidTurnJoinerGetsThePartialTurnThenTheLiveTail() {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        turn(bus, conversation, "t", 3, false);

        List<LiveFrame> late = follow(bus, conversation, null);
        await().atMost(WAIT).until(() -> contents(late).size() == 3);
        write(bus, conversation, token("t:3"));
        write(bus, conversation, done("all"));
        end(bus, conversation);

        await().atMost(WAIT).until(() -> types(late).contains("done"));
        assertThat(types(late)).first().isEqualTo("turn_start");
        assertThat(contents(late)).containsExactly("t:0", "t:1", "t:2", "t:3");
    }

    /** Redis trims approximately (whole nodes of entries); the in-process bus trims exactly. */
    @Test
    void aReplayStartsWithTurnStartEvenWhenTrimmingDroppedTheRealOne() {
        LiveBus bus = bus(3);
        ConversationId conversation = ConversationId.random();
        turn(bus, conversation, "long", 15, false);

        List<LiveFrame> late = follow(bus, conversation, null);

        await().atMost(WAIT).until(() -> !late.isEmpty() && contents(late).contains("long:14"));
        assertThat(types(late)).first().isEqualTo("turn_start");
        end(bus, conversation);
    }

    @Test
    void afterATurnEndsNewFollowersWaitForTheNextOne() {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        turn(bus, conversation, "old", 3, true);

        List<LiveFrame> newcomer = follow(bus, conversation, null);
        attached(bus, conversation, newcomer);
        turn(bus, conversation, "next", 2, true);

        await().atMost(WAIT).until(() -> types(newcomer).contains("done"));
        assertThat(contents(newcomer)).containsExactly("next:0", "next:1");
    }

    @Test
    void followersReconnectingWithLastEventIdAtRandomPointsMissNothingAndGetNothingTwice() {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        Random random = new Random(42);
        List<String> expected = new ArrayList<>();
        List<LiveFrame> received = new ArrayList<>();
        List<LiveFrame> connection = follow(bus, conversation, null);
        attached(bus, conversation, connection);
        int reconnects = 0;
        for (int turn = 0; turn < 20; turn++) {
            write(bus, conversation, turnStart("turn-" + turn));
            int tokens = 1 + random.nextInt(15);
            for (int i = 0; i < tokens; i++) {
                String content = turn + ":" + i;
                expected.add(content);
                write(bus, conversation, token(content));
                if (random.nextInt(6) == 0) {
                    // The connection breaks; the client reconnects from the last id it got.
                    followers.remove(followers.size() - 1).dispose();
                    received.addAll(connection);
                    connection = follow(
                            bus, conversation, received.get(received.size() - 1).id());
                    reconnects++;
                }
            }
            write(bus, conversation, done("turn " + turn));
            end(bus, conversation);
        }
        List<LiveFrame> last = connection;
        await().atMost(WAIT).until(() -> last.stream()
                .anyMatch(frame -> "turn 19".equals(frame.frame().data().get("content"))));
        received.addAll(last);

        assertThat(reconnects).isGreaterThan(10);
        assertThat(contents(received)).containsExactlyElementsOf(expected);
        assertThat(received.stream().map(LiveFrame::id).distinct()).hasSameSizeAs(received);
        assertThat(types(received).stream().filter("done"::equals)).hasSize(20);
    }

    @Test
    void aTurnsLastWritesQueuedPastTheNextTurnsStartNeverLandInsideItAndItsEndLeavesTheNextTurnLive() {
        LiveBus bus = bus(4000);
        ConversationId conversation = ConversationId.random();
        List<LiveFrame> frames = follow(bus, conversation, null);
        attached(bus, conversation, frames);
        CompletableFuture<Void> late = overlappedTurns(bus, conversation);
        bus.publish(conversation, "new", token("new:0")).toCompletableFuture().join();
        List<LiveFrame> lateJoiner = follow(bus, conversation, null);

        assertThat(late).failsWithin(WAIT);
        await().atMost(WAIT)
                .until(() -> contents(frames).contains("new:0")
                        && contents(lateJoiner).contains("new:0"));
        assertThat(contents(frames)).containsExactly("old:0", "new:0");
        // The late write is refused by the stream; a follower on the old turn's own node may have had it as it was
        // written, and then before the next turn's start.
        List<String> turns = frames.stream()
                .filter(frame -> !frame.isSignal() && !frame.frame().type().equals("status"))
                .map(frame -> frame.frame().type() + ":" + frame.frame().data().getOrDefault("turn_id", ""))
                .toList();
        assertThat(turns.indexOf("done:")).isLessThan(turns.indexOf("turn_start:new"));
        assertThat(types(lateJoiner)).containsExactly("turn_start", "token");
        assertThat(lateJoiner.get(0).frame().data()).containsEntry("turn_id", "new");
        end(bus, conversation);
    }
}
