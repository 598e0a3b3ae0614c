package dev.threadline.events.conversation;

import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * An assistant message was cut at a part boundary: it keeps its first {@code keptParts} parts and {@code content}
 * is recomputed from them; the messages after it ({@code dropped}) went.
 */
@Revision("1")
public record AssistantMessageTruncated(
        ConversationId conversationId,
        MessageId messageId,
        long position,
        int keptParts,
        String content,
        List<MessageId> dropped)
        implements ConversationEvent {

    public AssistantMessageTruncated {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(content, "content");
        dropped = List.copyOf(dropped);
    }
}
