package dev.threadline.command.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.AggregateReader;
import dev.threadline.command.CommandSender;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.live.TurnFrame;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Saves the partial answer of a turn whose server stopped mid-turn, rebuilt from the frames it had relayed to its
 * followers. The conversation saves a turn once: a turn that already ended (its server finished it after all, or
 * another node recovered it first) is left alone.
 */
@Component
public class InterruptedTurns {

    public static final String SERVER_STOPPED = "The server running this turn stopped";

    private final CommandSender commands;
    private final ObjectMapper json;
    private final AggregateReader<Conversation> conversations;

    InterruptedTurns(
            CommandSender commands,
            ObjectMapper json,
            @Qualifier("conversationRepository") Repository<Conversation> conversations) {
        this.commands = commands;
        this.json = json;
        this.conversations = new AggregateReader<>(conversations);
    }

    /**
     * Saves the turn the frames belong to (they start with its {@code turn_start}) as interrupted. Answers whether
     * this call ended it. Frames that lost their {@code turn_start} (trimmed from a very long turn) are not the whole
     * answer: nothing of them is saved, but the conversation's running turn still ends, or it would refuse every new
     * turn until this one counted as abandoned. No frames at all identify no turn, and end none.
     */
    public Mono<Boolean> save(ConversationId conversation, List<TurnFrame> frames) {
        String turnId = frames.stream()
                .filter(frame -> frame.type().equals("turn_start"))
                .map(frame -> frame.data().get("turn_id"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .findFirst()
                .orElse(null);
        if (turnId == null && frames.isEmpty()) {
            return Mono.just(false);
        }
        if (turnId == null) {
            return Mono.fromCallable(() -> conversations.read(conversation.value(), Conversation::runningTurn))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(Mono::justOrEmpty)
                    .flatMap(running -> finish(conversation, running, List.of()))
                    .defaultIfEmpty(false);
        }
        TurnParts parts = new TurnParts();
        frames.forEach(frame -> fold(parts, frame));
        return finish(conversation, new TurnId(turnId), parts.snapshot());
    }

    private Mono<Boolean> finish(ConversationId conversation, TurnId turnId, List<MessagePart> parts) {
        FinishTurn finish = new FinishTurn(conversation, turnId, MessageId.random(), parts, null, null, SERVER_STOPPED);
        // A refusal may come from a copy of the conversation cached before another node wrote to it; the refusal
        // drops that copy, so a second attempt decides on what is stored.
        return commands.send(finish)
                .onErrorResume(InterruptedTurns::refused, refused -> commands.send(finish))
                .thenReturn(true)
                .onErrorResume(InterruptedTurns::refused, refused -> Mono.just(false));
    }

    private static boolean refused(Throwable error) {
        return error instanceof AggregateNotFoundException
                || (error instanceof DomainException refusal
                        && (refusal.code() == DomainException.Code.CONFLICT
                                || refusal.code() == DomainException.Code.NOT_FOUND));
    }

    private void fold(TurnParts parts, TurnFrame frame) {
        switch (frame.type()) {
            case "token" -> parts.appendText(text(frame, "content"));
            case "thinking" -> parts.appendReasoning(text(frame, "content"));
            case "tool_call" -> parts.addToolCall(
                    text(frame, "call_id"),
                    text(frame, "tool"),
                    jsonText(frame.data().get("arguments")));
            case "tool_result" -> parts.completeToolCall(
                    text(frame, "call_id"), text(frame, "result"), toolStatus(text(frame, "status")));
            default -> {
                // turn_start, plan, status: nothing of the message
            }
        }
    }

    private static ToolStatus toolStatus(String name) {
        return Arrays.stream(ToolStatus.values())
                .filter(status -> status.name().equals(name.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElse(ToolStatus.IN_PROGRESS);
    }

    private static String text(TurnFrame frame, String key) {
        Object value = frame.data().get(key);
        return value == null ? "" : value.toString();
    }

    private String jsonText(Object value) {
        if (value == null || value instanceof String) {
            return value == null ? "" : (String) value;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
