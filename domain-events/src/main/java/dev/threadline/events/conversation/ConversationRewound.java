package dev.threadline.events.conversation;

import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * The conversation was rewound: only its first {@code keptMessages} messages remain; {@code dropped} lists the
 * messages that went, newest last. The events of the dropped messages stay in the log (a fork can still reach them).
 */
@Revision("1")
public record ConversationRewound(ConversationId conversationId, long keptMessages, List<MessageId> dropped)
        implements ConversationEvent {

    public ConversationRewound {
        Objects.requireNonNull(conversationId, "conversationId");
        dropped = List.copyOf(dropped);
    }
}
