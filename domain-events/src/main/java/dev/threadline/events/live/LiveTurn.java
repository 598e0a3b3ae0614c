package dev.threadline.events.live;

import dev.threadline.events.conversation.ConversationId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn's writes to the {@link LiveBus}, kept off the initiator's path: every call returns at once; the writes
 * run in order on {@code executor}, each time-boxed; the first failure or timeout trips this turn's breaker, and the
 * rest of the turn skips the bus (its closing frame and the closing of the live turn are still attempted). Frames
 * are filtered for followers here, before they leave the node.
 */
public final class LiveTurn {

    private static final Logger log = LoggerFactory.getLogger(LiveTurn.class);

    private final LiveBus bus;
    private final ConversationId conversation;
    private final String turnId;
    private final Duration timeout;
    private final Executor executor;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean tripped;

    private LiveTurn(LiveBus bus, ConversationId conversation, String turnId, Duration timeout, Executor executor) {
        this.bus = bus;
        this.conversation = conversation;
        this.turnId = turnId;
        this.timeout = timeout;
        this.executor = executor;
    }

    /** Opens the live turn {@code turnId} with its {@code turn_start} frame. */
    public static LiveTurn start(
            LiveBus bus,
            ConversationId conversation,
            String turnId,
            TurnFrame turnStart,
            Duration timeout,
            Executor executor) {
        LiveTurn turn = new LiveTurn(bus, conversation, turnId, timeout, executor);
        turn.enqueue("start", false, () -> bus.startTurn(conversation, turnId, turnStart));
        return turn;
    }

    /** Relays the frame if followers may see it. */
    public void publish(TurnFrame frame) {
        relay(frame, false);
    }

    /**
     * Relays the closing frame, then closes the live turn. Both are attempted even after a failure, so that followers
     * who missed part of the turn still see it end ({@code done} carries the whole answer). Answers when both are
     * done, failed or timed out.
     */
    public CompletionStage<Void> end(TurnFrame closingFrame) {
        relay(closingFrame, true);
        return enqueue("end", true, () -> bus.endTurn(conversation, turnId));
    }

    private void relay(TurnFrame frame, boolean evenWhenTripped) {
        FollowFilter.forFollowers(frame)
                .ifPresent(relayed ->
                        enqueue("publish", evenWhenTripped, () -> bus.publish(conversation, turnId, relayed)));
    }

    /** Whether a bus operation of this turn failed or timed out, so the rest of the turn skipped the bus. */
    public boolean tripped() {
        return tripped;
    }

    private synchronized CompletableFuture<Void> enqueue(
            String operation, boolean evenWhenTripped, Supplier<CompletionStage<Void>> call) {
        tail = tail.thenComposeAsync(
                ignored -> tripped && !evenWhenTripped ? CompletableFuture.completedFuture(null) : run(operation, call),
                executor);
        return tail;
    }

    private CompletableFuture<Void> run(String operation, Supplier<CompletionStage<Void>> call) {
        CompletableFuture<Void> attempt;
        try {
            attempt = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((ok, error) -> {
            if (error != null && !tripped) {
                tripped = true;
                log.warn(
                        "Live bus {} for conversation {} failed ({}); the rest of this turn is not relayed",
                        operation,
                        conversation,
                        error.toString());
            }
            return null;
        });
    }
}
