package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/** A live bus that records what reaches it; it can also be made to fail or to hang on every write. */
final class RecordingLiveBus implements LiveBus {

    enum Behaviour {
        WORKS,
        RAISES,
        HANGS
    }

    final List<String> operations = new CopyOnWriteArrayList<>();
    final List<TurnFrame> frames = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.WORKS;

    RecordingLiveBus behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    @Override
    public CompletionStage<Void> startTurn(ConversationId conversation, String turnId, TurnFrame turnStart) {
        return record("start", turnStart);
    }

    @Override
    public CompletionStage<Void> publish(ConversationId conversation, String turnId, TurnFrame frame) {
        return record("publish", frame);
    }

    @Override
    public CompletionStage<Void> endTurn(ConversationId conversation, String turnId) {
        return record("end", null);
    }

    @Override
    public Flux<LiveFrame> follow(ConversationId conversation, String lastEventId) {
        return Flux.empty();
    }

    private CompletionStage<Void> record(String operation, TurnFrame frame) {
        calls.incrementAndGet();
        return switch (behaviour) {
            case WORKS -> {
                operations.add(operation);
                if (frame != null) {
                    frames.add(frame);
                }
                yield CompletableFuture.completedFuture(null);
            }
            case RAISES -> throw new IllegalStateException("bus is down");
            case HANGS -> new CompletableFuture<>();
        };
    }
}
