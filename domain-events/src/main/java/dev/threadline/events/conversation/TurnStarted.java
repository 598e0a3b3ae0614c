package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The agent started answering {@code userMessageId}. Only one turn runs at a time per conversation. */
@Revision("1")
public record TurnStarted(ConversationId conversationId, TurnId turnId, MessageId userMessageId)
        implements ConversationEvent {

    public TurnStarted {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(userMessageId, "userMessageId");
    }
}
