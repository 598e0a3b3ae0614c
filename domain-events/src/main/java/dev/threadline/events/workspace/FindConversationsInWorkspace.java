package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.Objects;

/** Query: the ids of the owner's live conversations placed in a workspace. */
public record FindConversationsInWorkspace(UserId ownerId, WorkspaceId workspaceId) {

    public FindConversationsInWorkspace {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
