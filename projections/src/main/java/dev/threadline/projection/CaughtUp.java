package dev.threadline.projection;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Lets a query answered from a read model wait, bounded, until the model's processor has handled every event stored
 * before the query arrived. Cascades use it: "which harnesses list this pack?" must see a harness created a moment
 * before the pack was removed.
 */
@Component
public class CaughtUp {

    private static final Duration POLL = Duration.ofMillis(20);

    private final ObjectProvider<Configuration> axon;

    public CaughtUp(ObjectProvider<Configuration> axon) {
        this.axon = axon;
    }

    /** Waits until the processing group has reached the head of the event store, or {@code max} has passed. */
    public void await(String processingGroup, Duration max) {
        Configuration configuration = axon.getIfAvailable();
        if (configuration == null) {
            return;
        }
        TrackingToken head = configuration.eventStore().createHeadToken();
        OptionalLong target = head == null ? OptionalLong.empty() : head.position();
        StreamingEventProcessor processor = configuration
                .eventProcessingConfiguration()
                .eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElse(null);
        if (target.isEmpty() || processor == null) {
            return;
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (!reached(processor.processingStatus(), target.getAsLong()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean reached(Map<Integer, EventTrackerStatus> segments, long position) {
        return !segments.isEmpty()
                && segments.values().stream()
                        .allMatch(status -> status.getCurrentPosition().orElse(-1) >= position);
    }
}
