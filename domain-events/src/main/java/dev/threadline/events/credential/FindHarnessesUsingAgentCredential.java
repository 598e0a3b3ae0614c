package dev.threadline.events.credential;

import dev.threadline.events.identity.UserId;
import java.util.Objects;

/** Query: the ids of the owner's live harnesses that link an agent credential. */
public record FindHarnessesUsingAgentCredential(UserId ownerId, String credentialId) {

    public FindHarnessesUsingAgentCredential {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(credentialId, "credentialId");
    }
}
