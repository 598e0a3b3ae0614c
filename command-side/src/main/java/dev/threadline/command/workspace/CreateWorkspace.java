package dev.threadline.command.workspace;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a workspace; the name falls back to the harness name, then "New workspace". The harness, if any, was checked to be the owner's. */
public record CreateWorkspace(
        UserId owner, WorkspaceId workspaceId, String name, HarnessFacts harness, String sandboxId, String color) {

    @TargetAggregateIdentifier
    public String workspacesId() {
        return Workspaces.idOf(owner);
    }
}
