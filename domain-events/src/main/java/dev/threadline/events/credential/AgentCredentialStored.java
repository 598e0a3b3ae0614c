package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An agent credential was created or rotated; {@code kind} is auth_json, api_key or oauth_token. */
@Revision("1")
public record AgentCredentialStored(
        UserId ownerId,
        String credentialId,
        String agent,
        String kind,
        String label,
        SealedSecret value,
        boolean rotation) {

    public AgentCredentialStored {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }
}
