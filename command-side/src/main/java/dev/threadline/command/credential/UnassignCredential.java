package dev.threadline.command.credential;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take a credential away from a workspace; nothing happens if it was not assigned. */
public record UnassignCredential(UserId owner, String credentialId, WorkspaceId workspaceId) {

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
