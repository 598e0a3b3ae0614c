package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * Lineage of a conversation made by forking another: the source, the message it was forked at (null: at its end) and
 * the parts of that message kept (null: all). Follows the new conversation's {@link ConversationStarted}; copies of
 * the source's messages follow it as the new conversation's own events.
 */
@Revision("1")
public record ConversationForked(
        ConversationId conversationId, ConversationId sourceId, MessageId atMessageId, Integer keptParts)
        implements ConversationEvent {

    public ConversationForked {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(sourceId, "sourceId");
    }
}
