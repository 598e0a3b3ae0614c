package dev.threadline.command.credential;

import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete an agent credential. */
public record RemoveAgentCredential(UserId owner, String credentialId) {

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
