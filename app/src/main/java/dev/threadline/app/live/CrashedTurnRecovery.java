package dev.threadline.app.live;

import dev.threadline.command.conversation.InterruptedTurns;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.TurnFrame;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Saves the turns of nodes that died mid-turn. Every node looks for expired turn leases (at start, then every few
 * seconds); the one that claims a lease rebuilds the partial answer from the frames still in the stream, saves it as
 * interrupted (the conversation accepts that once), and closes the live turn for its followers.
 */
final class CrashedTurnRecovery {

    private static final Logger log = LoggerFactory.getLogger(CrashedTurnRecovery.class);
    private static final Set<String> CLOSING = Set.of("done", "error");

    private final RedisLiveBus bus;
    private final RedisTurnLeases leases;
    private final InterruptedTurns turns;

    CrashedTurnRecovery(RedisLiveBus bus, RedisTurnLeases leases, InterruptedTurns turns) {
        this.bus = bus;
        this.leases = leases;
        this.turns = turns;
    }

    /** Recovers every turn whose lease ran out; answers how many were saved by this node. */
    Mono<Long> recoverExpired() {
        return Mono.fromCompletionStage(() -> leases.claimExpired())
                .flatMapIterable(conversations -> conversations)
                .concatMap(this::recover)
                .filter(saved -> saved)
                .count();
    }

    private Mono<Boolean> recover(ConversationId conversation) {
        return Mono.fromCompletionStage(() -> bus.liveTurn(conversation))
                .flatMap(frames -> turns.save(conversation, frames)
                        .flatMap(saved -> Mono.fromCompletionStage(() -> close(conversation, frames))
                                .thenReturn(saved)))
                .doOnNext(saved -> {
                    if (saved) {
                        log.warn(
                                "Saved the partial answer of a turn in conversation {} whose server stopped",
                                conversation);
                    }
                })
                .onErrorResume(error -> {
                    log.warn("Could not recover the turn of conversation {} yet: {}", conversation, error.toString());
                    return Mono.fromCompletionStage(() -> leases.expireNow(conversation))
                            .onErrorResume(lost -> Mono.empty())
                            .thenReturn(false);
                });
    }

    /** Followers still watching see the turn end, unless it had ended for them already. */
    private CompletionStage<Void> close(ConversationId conversation, List<TurnFrame> frames) {
        boolean closed = !frames.isEmpty()
                && CLOSING.contains(frames.get(frames.size() - 1).type());
        CompletionStage<Void> closing = closed
                ? CompletableFuture.completedFuture(null)
                : bus.publish(
                        conversation,
                        null,
                        TurnFrame.of("error", "message", InterruptedTurns.SERVER_STOPPED, "code", "TURN_INTERRUPTED"));
        return closing.thenCompose(ignored -> bus.endTurn(conversation, null));
    }
}
