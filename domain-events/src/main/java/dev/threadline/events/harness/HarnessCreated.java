package dev.threadline.events.harness;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A harness was created, from scratch or as a copy of another of the owner's harnesses ({@code duplicatedFrom}). */
@Revision("1")
public record HarnessCreated(
        HarnessId harnessId, UserId ownerId, HarnessConfiguration configuration, HarnessId duplicatedFrom)
        implements HarnessEvent {

    public HarnessCreated {
        Objects.requireNonNull(harnessId, "harnessId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(configuration, "configuration");
    }
}
