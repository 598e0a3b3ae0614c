package dev.threadline.events.conversation;

import dev.threadline.events.identity.UserId;
import java.util.Objects;

/** Query: one of the owner's compactions, answered as {@link CompactionFound} (null when absent or not theirs). */
public record FindCompaction(UserId ownerId, String compactionId) {

    public FindCompaction {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(compactionId, "compactionId");
    }

    /** What a clone needs of a compaction. */
    public record CompactionFound(String conversationId, String conversationTitle, String summary) {}
}
