package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A credential is no longer available to a workspace (also when the workspace was deleted). */
@Revision("1")
public record CredentialUnassigned(UserId ownerId, String credentialId, WorkspaceId workspaceId) {

    public CredentialUnassigned {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }
}
