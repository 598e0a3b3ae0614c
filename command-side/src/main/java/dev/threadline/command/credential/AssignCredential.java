package dev.threadline.command.credential;

import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Make a credential available to a workspace (idempotent); {@code value} is sealed under that workspace's key. */
public record AssignCredential(UserId owner, String credentialId, WorkspaceId workspaceId, SealedSecret value) {

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
