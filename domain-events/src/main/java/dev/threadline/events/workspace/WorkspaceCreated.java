package dev.threadline.events.workspace;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace was created. The Default workspace is flagged; order is null until workspaces are reordered. */
@Revision("1")
public record WorkspaceCreated(
        UserId ownerId,
        WorkspaceId workspaceId,
        String name,
        HarnessId harnessId,
        String sandboxId,
        String color,
        boolean isDefault,
        Integer order)
        implements WorkspaceEvent {

    public WorkspaceCreated {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
    }
}
