package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace credential was deleted with its assignments; its keys are shredded. */
@Revision("1")
public record CredentialRemoved(UserId ownerId, String credentialId) {

    public CredentialRemoved {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
    }
}
