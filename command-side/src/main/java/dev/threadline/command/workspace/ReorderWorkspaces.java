package dev.threadline.command.workspace;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Put the owner's workspaces in this order; ids not theirs are ignored, theirs left out are appended. */
public record ReorderWorkspaces(UserId owner, List<WorkspaceId> order) {

    public ReorderWorkspaces {
        order = List.copyOf(order);
    }

    @TargetAggregateIdentifier
    public String workspacesId() {
        return Workspaces.idOf(owner);
    }
}
