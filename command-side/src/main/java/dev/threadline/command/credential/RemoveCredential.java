package dev.threadline.command.credential;

import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a workspace credential and its assignments. */
public record RemoveCredential(UserId owner, String credentialId) {

    @TargetAggregateIdentifier
    public String credentialsId() {
        return Credentials.idOf(owner);
    }
}
