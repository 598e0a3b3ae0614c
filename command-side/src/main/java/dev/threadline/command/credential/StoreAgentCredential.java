package dev.threadline.command.credential;

import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create or rotate ({@code rotateOnly}) an agent credential, sealed under its own key. */
public record StoreAgentCredential(
        UserId owner,
        String credentialId,
        String agent,
        String kind,
        String label,
        SealedSecret value,
        boolean rotateOnly) {

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
