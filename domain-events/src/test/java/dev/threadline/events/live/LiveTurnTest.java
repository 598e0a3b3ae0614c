package dev.threadline.events.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.conversation.ConversationId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class LiveTurnTest {

    private static final ConversationId CONVERSATION = new ConversationId("c-1");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void afterAFailureMidTurnTheRestIsSkippedButFollowersStillSeeTheTurnEnd() throws Exception {
        Bus bus = new Bus(3, false);
        LiveTurn turn = start(bus);

        for (int i = 1; i <= 5; i++) {
            turn.publish(TurnFrame.of("token", "content", "t" + i));
        }
        turn.end(TurnFrame.of("done", "content", "t1t2t3t4t5", "usage", "secret"))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(turn.tripped()).isTrue();
        assertThat(bus.written).containsExactly("turn_start", "token t1", "token t2", "done t1t2t3t4t5", "end");
        assertThat(bus.closing.data()).doesNotContainKey("usage");
    }

    @Test
    void aHungBusCostsEachOperationOneTimeoutAtMostAndTheCallerNothing() throws Exception {
        Bus bus = new Bus(1, true);
        LiveTurn turn = start(bus);

        long began = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            turn.publish(TurnFrame.of("token", "content", "t" + i));
        }
        Duration publishing = Duration.ofNanos(System.nanoTime() - began);
        turn.end(TurnFrame.of("done", "content", "t1t2t3t4t5"))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        Duration ending = Duration.ofNanos(System.nanoTime() - began);

        assertThat(publishing).isLessThan(Duration.ofMillis(100));
        assertThat(turn.tripped()).isTrue();
        // turn_start hangs and trips the breaker; the tokens are skipped; the closing frame and the end are tried,
        // each given up after one timeout.
        assertThat(bus.written).containsExactly("turn_start", "done t1t2t3t4t5", "end");
        assertThat(ending).isLessThan(TIMEOUT.multipliedBy(3).plusSeconds(2));
    }

    private static LiveTurn start(Bus bus) {
        return LiveTurn.start(
                bus,
                CONVERSATION,
                "turn-1",
                TurnFrame.of("turn_start", "turn_id", "turn-1"),
                TIMEOUT,
                ForkJoinPool.commonPool());
    }

    /** Records every operation it is asked for; the one numbered {@code failingCall} (counting from 1) fails or hangs. */
    private static final class Bus implements LiveBus {

        final List<String> written = new CopyOnWriteArrayList<>();
        final int failingCall;
        final boolean hangs;
        volatile TurnFrame closing;

        Bus(int failingCall, boolean hangs) {
            this.failingCall = failingCall;
            this.hangs = hangs;
        }

        @Override
        public CompletionStage<Void> startTurn(ConversationId conversation, String turnId, TurnFrame turnStart) {
            return record("turn_start");
        }

        @Override
        public CompletionStage<Void> publish(ConversationId conversation, String turnId, TurnFrame frame) {
            if (frame.type().equals("done")) {
                closing = frame;
            }
            return record(frame.type() + " " + frame.data().get("content"));
        }

        @Override
        public CompletionStage<Void> endTurn(ConversationId conversation, String turnId) {
            return record("end");
        }

        @Override
        public Flux<LiveFrame> follow(ConversationId conversation, String lastEventId) {
            return Flux.empty();
        }

        private CompletionStage<Void> record(String operation) {
            written.add(operation);
            if (written.size() != failingCall) {
                return CompletableFuture.completedFuture(null);
            }
            return hangs
                    ? new CompletableFuture<>()
                    : CompletableFuture.failedFuture(new IllegalStateException("down"));
        }
    }
}
