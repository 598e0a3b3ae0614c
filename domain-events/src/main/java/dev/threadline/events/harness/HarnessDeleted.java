package dev.threadline.events.harness;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A harness was deleted. Workspaces and conversations that name it keep the reference. */
@Revision("1")
public record HarnessDeleted(HarnessId harnessId) implements HarnessEvent {

    public HarnessDeleted {
        Objects.requireNonNull(harnessId, "harnessId");
    }
}
