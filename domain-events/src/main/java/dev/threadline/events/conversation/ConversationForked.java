package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * Lineage of a conversation made from another: forked at a message (null: at its end) with the parts of that message
 * kept (null: all), cloned from one of its compactions ({@code fromCompaction}), or branched to resend an edited
 * user message ({@code editedMessageId}: the source's message that the branch's last message replaces). Follows the new conversation's {@link ConversationStarted}; copies of
 * the source's messages follow it as the new conversation's own events.
 */
@Revision("1")
public record ConversationForked(
        ConversationId conversationId,
        ConversationId sourceId,
        MessageId atMessageId,
        Integer keptParts,
        String fromCompaction,
        MessageId editedMessageId)
        implements ConversationEvent {

    public ConversationForked {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(sourceId, "sourceId");
    }
}
