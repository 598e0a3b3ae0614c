package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An agent credential was deleted; harnesses linking it lose the link. */
@Revision("1")
public record AgentCredentialRemoved(UserId ownerId, String credentialId) {

    public AgentCredentialRemoved {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
    }
}
