package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A workspace credential was created, or rotated (a new value under the same name). The value is sealed under the credential's own key; {@code label} is null when not given. */
@Revision("1")
public record CredentialStored(
        UserId ownerId, String credentialId, String name, String label, SealedSecret value, boolean rotation) {

    public CredentialStored {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
