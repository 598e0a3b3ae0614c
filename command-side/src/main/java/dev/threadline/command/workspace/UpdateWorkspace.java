package dev.threadline.command.workspace;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Optional;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change a workspace. A null field is left as it is; an empty Optional clears the harness or the sandbox; an empty colour clears it. */
public record UpdateWorkspace(
        UserId owner,
        WorkspaceId workspaceId,
        String name,
        String color,
        Optional<HarnessFacts> harness,
        Optional<String> sandboxId) {

    @TargetAggregateIdentifier
    public String workspacesId() {
        return Workspaces.idOf(owner);
    }
}
