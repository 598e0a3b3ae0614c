package dev.threadline.events.workspace;

import dev.threadline.events.identity.UserId;
import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The owner's workspaces were given a manual order: each gets its index in {@code order}. */
@Revision("1")
public record WorkspacesReordered(UserId ownerId, List<WorkspaceId> order) implements WorkspaceEvent {

    public WorkspacesReordered {
        Objects.requireNonNull(ownerId, "ownerId");
        order = List.copyOf(order);
    }
}
