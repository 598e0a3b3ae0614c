package dev.threadline.command.workspace;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a workspace (never the Default); its conversations go with it. */
public record DeleteWorkspace(UserId owner, WorkspaceId workspaceId) {

    @TargetAggregateIdentifier
    public String workspacesId() {
        return Workspaces.idOf(owner);
    }
}
