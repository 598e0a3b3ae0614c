package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace was deleted; its conversations are deleted and its credential keys shredded in reaction. */
@Revision("1")
public record WorkspaceDeleted(UserId ownerId, WorkspaceId workspaceId) implements WorkspaceEvent {

    public WorkspaceDeleted {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
