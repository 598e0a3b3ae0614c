package dev.threadline.command.workspace;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Get or create the owner's Default workspace; {@code workspaceId} is used only if one is created. */
public record EnsureDefaultWorkspace(UserId owner, WorkspaceId workspaceId, HarnessFacts harness) {

    @TargetAggregateIdentifier
    public String workspacesId() {
        return Workspaces.idOf(owner);
    }
}
