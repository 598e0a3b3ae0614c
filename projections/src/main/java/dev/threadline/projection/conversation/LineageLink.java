package dev.threadline.projection.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** Where a conversation came from: its source, and the fork point, the compaction or the edited message. */
@Document("lineage")
public record LineageLink(
        @Id String id,
        String sourceId,
        String atMessageId,
        Integer keptParts,
        String fromCompaction,
        String editedMessageId,
        Instant createdAt) {}
