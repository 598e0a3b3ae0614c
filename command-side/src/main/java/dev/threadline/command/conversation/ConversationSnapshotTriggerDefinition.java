package dev.threadline.command.conversation;

import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Snapshots a conversation once the events since its last snapshot weigh {@code threshold}: an event weighs one, plus
 * one for every message id it lists. Loading replays every event after the snapshot, and a rewind, an undo or a cut
 * of a long conversation lists thousands of ids; counting such an event as one would let them pile up between
 * snapshots and make every load of that conversation slower.
 */
public class ConversationSnapshotTriggerDefinition implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final long threshold;

    public ConversationSnapshotTriggerDefinition(Snapshotter snapshotter, long threshold) {
        this.snapshotter = snapshotter;
        this.threshold = threshold;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new WeightTrigger(snapshotter, aggregateType, threshold);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof WeightTrigger weighed) {
            weighed.setSnapshotter(snapshotter);
            return weighed;
        }
        return new WeightTrigger(snapshotter, aggregateType, threshold);
    }

    /** One, plus the message ids the event lists. */
    static long weightOf(Object payload) {
        if (payload instanceof ConversationRewound rewound) {
            return 1L + rewound.dropped().size();
        }
        if (payload instanceof ConversationRewindUndone undone) {
            return 1L + undone.restored().size();
        }
        if (payload instanceof AssistantMessageTruncated truncated) {
            return 1L + truncated.dropped().size();
        }
        return 1L;
    }

    private static final class WeightTrigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final long threshold;
        private long weight;
        private long weightOfCurrent;

        WeightTrigger(Snapshotter snapshotter, Class<?> aggregateType, long threshold) {
            super(snapshotter, aggregateType);
            this.threshold = threshold;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            weightOfCurrent = weightOf(message.getPayload());
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            weight += weightOfCurrent;
            return weight >= threshold;
        }

        @Override
        protected void reset() {
            weight = 0;
        }
    }
}
