package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The owner deleted the conversation. Its events stay in the log; views drop it. */
@Revision("1")
public record ConversationDeleted(ConversationId conversationId) implements ConversationEvent {

    public ConversationDeleted {
        Objects.requireNonNull(conversationId, "conversationId");
    }
}
