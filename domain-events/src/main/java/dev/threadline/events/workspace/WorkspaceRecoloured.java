package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace got a colour, or lost it (null). */
@Revision("1")
public record WorkspaceRecoloured(UserId ownerId, WorkspaceId workspaceId, String color) implements WorkspaceEvent {

    public WorkspaceRecoloured {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
