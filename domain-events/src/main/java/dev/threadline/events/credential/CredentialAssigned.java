package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A credential was made available to a workspace: {@code value} is a copy sealed under a key of that workspace, so shredding the workspace's keys makes it unreadable. */
@Revision("1")
public record CredentialAssigned(UserId ownerId, String credentialId, WorkspaceId workspaceId, SealedSecret value) {

    public CredentialAssigned {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(value, "value");
    }
}
