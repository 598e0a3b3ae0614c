package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An existing workspace named exactly "Default" was adopted as the owner's Default workspace. */
@Revision("1")
public record WorkspaceMadeDefault(UserId ownerId, WorkspaceId workspaceId) implements WorkspaceEvent {

    public WorkspaceMadeDefault {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
