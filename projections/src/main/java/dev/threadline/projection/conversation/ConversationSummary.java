package dev.threadline.projection.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A row of a person's conversation list. {@code version} is the conversation's event sequence last applied, so a
 * reader can wait for its own write. Deleted conversations stay as tombstones so that replays stay idempotent.
 */
@Document(ConversationSummary.COLLECTION)
public record ConversationSummary(
        @Id String id,
        String ownerId,
        String title,
        String workspaceId,
        String harnessId,
        Instant createdAt,
        Instant lastMessageAt,
        Instant pinnedAt,
        long messageCount,
        boolean deleted,
        long version) {

    public static final String COLLECTION = "conversation_summaries";
}
