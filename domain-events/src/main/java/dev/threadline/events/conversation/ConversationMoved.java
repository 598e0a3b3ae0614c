package dev.threadline.events.conversation;

import dev.threadline.events.workspace.WorkspaceId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A conversation was placed in another of its owner's workspaces (or, having none, adopted into one). */
@Revision("1")
public record ConversationMoved(ConversationId conversationId, WorkspaceId workspaceId) implements ConversationEvent {

    public ConversationMoved {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
