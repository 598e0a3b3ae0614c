package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace got a new name. */
@Revision("1")
public record WorkspaceRenamed(UserId ownerId, WorkspaceId workspaceId, String name) implements WorkspaceEvent {

    public WorkspaceRenamed {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
    }
}
