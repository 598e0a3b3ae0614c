package dev.threadline.events.live;

import dev.threadline.events.conversation.ConversationId;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Flux;

/**
 * Carries the display frames of running turns from the node that runs them to everyone following the
 * conversation, on any node. Writes are asynchronous and may fail or hang: callers go through {@link LiveTurn},
 * which orders, time-boxes and, after a failure, skips them, so that a turn never waits for its followers.
 * Implementations return at once and complete the stage when the write is done.
 */
public interface LiveBus {

    /**
     * Opens the conversation's live turn {@code turnId}, run by this node, with its {@code turn_start} frame; late
     * joiners replay from here.
     */
    CompletionStage<Void> startTurn(ConversationId conversation, String turnId, TurnFrame turnStart);

    /**
     * Appends a frame (already filtered for followers) to the live turn: {@code turnId} is the turn this node runs
     * and writes it for, or null for a frame about a turn no node runs any more (a recovered one).
     */
    CompletionStage<Void> publish(ConversationId conversation, String turnId, TurnFrame frame);

    /**
     * Closes the live turn: followers who join from now on wait for the next one. {@code turnId} as for
     * {@link #publish}.
     */
    CompletionStage<Void> endTurn(ConversationId conversation, String turnId);

    /**
     * The conversation's frames for one follower. Without {@code lastEventId}: the live turn from its start (led
     * by a {@code turn_start}, even if the real one was trimmed away), then the live tail; with no live turn, the
     * next turns as they come. With {@code lastEventId}: every frame after that position, then the live tail.
     * {@linkplain LiveFrame#isSignal() Signals} say when following becomes unavailable, and when it is back.
     */
    Flux<LiveFrame> follow(ConversationId conversation, String lastEventId);

    /**
     * Turns started before this instant and not ended have no server running them any more. A single node knows
     * that of every turn older than itself; across nodes nothing is known (a node that dies has its turns recovered
     * through the bus), hence the epoch.
     */
    default Instant turnsOrphanedBefore() {
        return Instant.EPOCH;
    }
}
