package dev.threadline.events.conversation;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A conversation was started by its owner. Workspace and harness are optional references. */
@Revision("1")
public record ConversationStarted(
        ConversationId conversationId, UserId ownerId, String title, WorkspaceId workspaceId, HarnessId harnessId)
        implements ConversationEvent {

    public ConversationStarted {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(title, "title");
    }
}
