package dev.threadline.command.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.agent.AgentEvent;
import dev.threadline.command.agent.AgentFailure;
import dev.threadline.command.agent.AgentRuntime;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.Usage;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveTurn;
import dev.threadline.events.live.TurnFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs a turn: posts the user message and starts the turn (one at a time per conversation), streams the agent's
 * output as display frames, and saves the assistant message exactly once — complete, or interrupted with its reason
 * when the agent fails, the turn times out or the client goes away. Streamed deltas are never events; only the
 * finished message is. Every frame is also relayed to the conversation's followers through the live bus, without
 * ever waiting for it.
 */
@Component
public class TurnRunner {

    static final String CLIENT_GONE = "Client disconnected";
    static final String TIMED_OUT = "Turn took too long";
    static final String CRASHED = "Internal error";
    /** How long a started turn waits for its caller to read its frames before it ends as interrupted. */
    static final Duration STREAM_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);
    /**
     * Where bus writes run: not on the parallel workers that pace the agent's stream, so that fanning a frame out to
     * many followers on this node never slows the initiator's turn.
     */
    private static final Scheduler RELAY = Schedulers.boundedElastic();

    private final CommandSender commands;
    private final ConversationHistory history;
    private final TurnContext context;
    private final AgentRuntime agent;
    private final ObjectMapper json;
    private final Duration maxDuration;
    private final LiveBus live;
    private final Duration liveTimeout;

    TurnRunner(
            CommandSender commands,
            ConversationHistory history,
            TurnContext context,
            AgentRuntime agent,
            ObjectMapper json,
            @Value("${threadline.turns.max-duration:10m}") Duration maxDuration,
            LiveBus live,
            @Value("${threadline.live.timeout:1s}") Duration liveTimeout) {
        this.live = live;
        this.liveTimeout = liveTimeout;
        this.commands = commands;
        this.history = history;
        this.context = context;
        this.agent = agent;
        this.json = json;
        this.maxDuration = maxDuration;
    }

    /**
     * A running turn that started before this instant is abandoned and may be ended by the next message: it has run
     * twice as long as a turn may, or the server running it stopped without finishing it.
     */
    public Instant abandonedBefore() {
        Instant overdue = Instant.now().minus(maxDuration.multipliedBy(2));
        Instant orphaned = live.turnsOrphanedBefore();
        return orphaned.isAfter(overdue) ? orphaned : overdue;
    }

    /**
     * Starts a turn. The returned Mono fails (nothing streamed) if the message is refused; otherwise it yields the
     * turn's frames, which run the agent when subscribed. A caller that leaves before the frames stream still ends
     * the turn it started, at once or after {@link #STREAM_GRACE}, or the conversation would refuse every turn until
     * this one counted as abandoned.
     */
    public Mono<Flux<TurnFrame>> start(
            ConversationId conversationId, UserId requester, String content, List<Attachment> attachments) {
        TurnId turnId = TurnId.random();
        MessageId userMessageId = MessageId.random();
        StartTurn command = new StartTurn(
                conversationId, requester, turnId, userMessageId, content, attachments, abandonedBefore());
        return Mono.defer(() -> {
            // Started apart from the caller's subscription, so that a caller who leaves cannot drop the outcome.
            CompletableFuture<Turn> starting = commands.send(command)
                    .map(started -> new Turn(conversationId, turnId, userMessageId, started))
                    .toFuture();
            return Mono.fromFuture(starting, true)
                    .doOnNext(turn -> Mono.delay(STREAM_GRACE).subscribe(tick -> turn.endUnlessStreamed()))
                    .map(Turn::frames)
                    .doOnCancel(() -> starting.thenAccept(Turn::endUnlessStreamed));
        });
    }

    /** One running turn and the message it is building. */
    private final class Turn {

        private final ConversationId conversationId;
        private final TurnId turnId;
        private final MessageId userMessageId;
        private final MessageId assistantMessageId = MessageId.random();
        private final CommandResult started;
        private final TurnParts parts = new TurnParts();
        private final AtomicReference<String> model = new AtomicReference<>();
        private final AtomicReference<Usage> usage = new AtomicReference<>();
        private final AtomicBoolean streamed = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile LiveTurn followers;

        Turn(ConversationId conversationId, TurnId turnId, MessageId userMessageId, CommandResult started) {
            this.conversationId = conversationId;
            this.turnId = turnId;
            this.userMessageId = userMessageId;
            this.started = started;
        }

        Flux<TurnFrame> frames() {
            TurnFrame turnStart = TurnFrame.of(
                    "turn_start",
                    "turn_id",
                    turnId.value(),
                    "user_message_id",
                    userMessageId.value(),
                    "version",
                    started.version());
            Flux<TurnFrame> agentFrames = Flux.defer(() -> {
                        // The whole turn has maxDuration, however steadily the agent streams: each event's timeout
                        // is what is left of it.
                        Instant deadline = Instant.now().plus(maxDuration);
                        return Mono.fromCallable(() -> history.load(conversationId))
                                .subscribeOn(Schedulers.boundedElastic())
                                .map(messages -> context.request(conversationId, messages))
                                .flatMapMany(agent::run)
                                .timeout(Mono.delay(maxDuration), event -> Mono.delay(timeLeft(deadline)));
                    })
                    .concatMap(event -> Mono.justOrEmpty(apply(event)));
            return Flux.defer(() -> {
                if (!streamed.compareAndSet(false, true)) {
                    return Flux.just(TurnFrame.of("error", "message", CLIENT_GONE, "code", "TURN_INTERRUPTED"));
                }
                followers =
                        LiveTurn.start(live, conversationId, turnId.value(), turnStart, liveTimeout, RELAY::schedule);
                return Flux.concat(Mono.just(turnStart), agentFrames)
                        .doOnNext(this::relay)
                        .concatWith(Mono.defer(() -> finish(null)))
                        .onErrorResume(error -> finish(interruptionBy(error)))
                        .doOnCancel(() -> finish(new Interruption(CLIENT_GONE)));
            });
        }

        /** Ends the turn as interrupted, with nothing to save, if its frames were never read. */
        void endUnlessStreamed() {
            if (!streamed.compareAndSet(false, true) || !finished.compareAndSet(false, true)) {
                return;
            }
            commands.send(finishCommand(List.of(), CLIENT_GONE))
                    // A store that failed may answer later; a refusal (the turn ended meanwhile) will not change.
                    .retryWhen(Retry.backoff(3, Duration.ofSeconds(1))
                            .filter(error -> !(error instanceof DomainException)))
                    .subscribe(
                            ended -> {},
                            error -> log.warn(
                                    "Turn {} of conversation {} could not be ended: {}",
                                    turnId,
                                    conversationId,
                                    error.toString()));
        }

        /** Relays a frame of the running turn to its followers (its turn_start opened the live turn). */
        private void relay(TurnFrame frame) {
            if (!frame.type().equals("turn_start")) {
                followers.publish(frame);
            }
        }

        /** Folds an agent event into the message and answers the frame to show, if any. */
        private TurnFrame apply(AgentEvent event) {
            if (event instanceof AgentEvent.TextDelta delta) {
                parts.appendText(delta.text());
                return TurnFrame.of("token", "content", delta.text());
            }
            if (event instanceof AgentEvent.ReasoningDelta delta) {
                parts.appendReasoning(delta.text());
                return TurnFrame.of("thinking", "content", delta.text());
            }
            if (event instanceof AgentEvent.ToolCalled call) {
                parts.addToolCall(call.callId(), call.tool(), call.arguments());
                return TurnFrame.of(
                        "tool_call",
                        "call_id",
                        call.callId(),
                        "tool",
                        call.tool(),
                        "arguments",
                        jsonValue(call.arguments()));
            }
            if (event instanceof AgentEvent.ToolReturned result) {
                parts.completeToolCall(result.callId(), result.result(), result.status());
                return TurnFrame.of(
                        "tool_result",
                        "call_id",
                        result.callId(),
                        "result",
                        result.result(),
                        "status",
                        result.status().name().toLowerCase(Locale.ROOT));
            }
            if (event instanceof AgentEvent.UsageReported reported) {
                usage.set(reported.usage());
            } else if (event instanceof AgentEvent.Finished done) {
                model.set(done.model());
            }
            return null;
        }

        /**
         * Saves the message (once) and answers the closing frame: done, or error for an interrupted turn. The save
         * runs whether or not anyone still reads the frames (a client that leaves mid-save must not cancel it), and
         * its closing frame ends the live turn for the followers.
         */
        private Mono<TurnFrame> finish(Interruption interruption) {
            if (!finished.compareAndSet(false, true)) {
                return Mono.empty();
            }
            List<MessagePart> saved = parts.snapshot();
            Mono<TurnFrame> closing = commands.send(
                            finishCommand(saved, interruption == null ? null : interruption.reason()))
                    .map(result -> interruption == null
                            ? TurnFrame.of(
                                    "done",
                                    "content",
                                    MessagePart.contentOf(saved),
                                    "model",
                                    model.get(),
                                    "usage",
                                    usage.get(),
                                    "message_id",
                                    saved.isEmpty() ? null : assistantMessageId.value(),
                                    "version",
                                    result.version())
                            : TurnFrame.of(
                                    "error",
                                    "message",
                                    interruption.shown(),
                                    "code",
                                    "TURN_INTERRUPTED",
                                    "message_id",
                                    saved.isEmpty() ? null : assistantMessageId.value(),
                                    "version",
                                    result.version()))
                    .onErrorResume(error -> {
                        log.error("Turn {} of conversation {} could not be saved", turnId, conversationId, error);
                        return Mono.just(TurnFrame.of(
                                "error", "message", "The answer could not be saved", "code", "SAVE_FAILED"));
                    })
                    .doOnNext(followers::end)
                    .cache();
            closing.subscribe();
            return closing;
        }

        private FinishTurn finishCommand(List<MessagePart> saved, String interruptionReason) {
            return new FinishTurn(
                    conversationId, turnId, assistantMessageId, saved, model.get(), usage.get(), interruptionReason);
        }

        private static Duration timeLeft(Instant deadline) {
            Duration left = Duration.between(Instant.now(), deadline);
            return left.isNegative() ? Duration.ZERO : left;
        }

        private Interruption interruptionBy(Throwable error) {
            if (error instanceof AgentFailure failure) {
                return new Interruption(failure.savedReason(), failure.getMessage());
            }
            if (error instanceof TimeoutException) {
                return new Interruption(TIMED_OUT);
            }
            log.error("Turn {} of conversation {} crashed", turnId, conversationId, error);
            return new Interruption(CRASHED);
        }

        private Object jsonValue(String text) {
            try {
                return json.readTree(text);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return text;
            }
        }
    }

    /** Why a turn stopped early: the reason saved with its message, and what its error frame shows. */
    private record Interruption(String reason, String shown) {
        Interruption(String reason) {
            this(reason, reason);
        }
    }
}
