package dev.threadline.command.credential;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A workspace was deleted: remove every assignment to it. */
public record ForgetWorkspaceCredentials(UserId owner, WorkspaceId workspaceId) {

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
