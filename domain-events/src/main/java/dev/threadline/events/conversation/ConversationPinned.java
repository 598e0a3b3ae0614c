package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The owner pinned the conversation; the event's timestamp is the pin time. */
@Revision("1")
public record ConversationPinned(ConversationId conversationId) implements ConversationEvent {

    public ConversationPinned {
        Objects.requireNonNull(conversationId, "conversationId");
    }
}
