package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The owner gave the conversation a new title. */
@Revision("1")
public record ConversationRenamed(ConversationId conversationId, String title) implements ConversationEvent {

    public ConversationRenamed {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(title, "title");
    }
}
