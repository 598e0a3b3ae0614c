package dev.threadline.events.conversation;

import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The agent's message, complete or interrupted; {@code content} always equals the text parts joined. {@code turnId} is absent for messages saved outside a turn. */
@Revision("1")
public record AssistantMessageRecorded(
        ConversationId conversationId,
        MessageId messageId,
        long position,
        TurnId turnId,
        String content,
        List<MessagePart> parts,
        String model,
        Usage usage,
        boolean interrupted,
        String interruptionReason)
        implements ConversationEvent {

    public AssistantMessageRecorded {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(content, "content");
        parts = parts == null ? List.of() : List.copyOf(parts);
    }
}
