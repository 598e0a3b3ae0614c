package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The owner unpinned the conversation. */
@Revision("1")
public record ConversationUnpinned(ConversationId conversationId) implements ConversationEvent {

    public ConversationUnpinned {
        Objects.requireNonNull(conversationId, "conversationId");
    }
}
