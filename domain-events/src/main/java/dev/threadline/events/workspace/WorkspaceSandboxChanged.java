package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace was linked to a sandbox, or unlinked (null). */
@Revision("1")
public record WorkspaceSandboxChanged(UserId ownerId, WorkspaceId workspaceId, String sandboxId)
        implements WorkspaceEvent {

    public WorkspaceSandboxChanged {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
