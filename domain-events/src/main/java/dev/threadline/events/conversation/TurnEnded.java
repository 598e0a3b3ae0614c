package dev.threadline.events.conversation;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A turn finished; {@code outcome} is completed or interrupted; an interrupted turn says why. */
@Revision("1")
public record TurnEnded(ConversationId conversationId, TurnId turnId, TurnOutcome outcome, String reason)
        implements ConversationEvent {

    public TurnEnded {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
