package dev.threadline.command.credential;

import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create or rotate a workspace credential. The value arrives sealed under the credential's key, with a copy for each workspace it is assigned to (exactly its current assignments). {@code rotateOnly}: the id must exist. */
public record StoreCredential(
        UserId owner,
        String credentialId,
        String name,
        String label,
        SealedSecret value,
        Map<WorkspaceId, SealedSecret> workspaceCopies,
        boolean rotateOnly) {

    public StoreCredential {
        workspaceCopies = Map.copyOf(workspaceCopies);
    }

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
