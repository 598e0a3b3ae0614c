package dev.threadline.events.workspace;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace was bound to a harness, or unbound (null). */
@Revision("1")
public record WorkspaceHarnessChanged(UserId ownerId, WorkspaceId workspaceId, HarnessId harnessId)
        implements WorkspaceEvent {

    public WorkspaceHarnessChanged {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
