package dev.threadline.events.harness;

import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A harness's configuration changed; the event carries the whole configuration after the change. */
@Revision("1")
public record HarnessReconfigured(HarnessId harnessId, HarnessConfiguration configuration) implements HarnessEvent {

    public HarnessReconfigured {
        Objects.requireNonNull(harnessId, "harnessId");
        Objects.requireNonNull(configuration, "configuration");
    }
}
