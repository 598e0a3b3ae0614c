package dev.threadline.projection.conversation;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A recorded summary of a conversation, kept apart from its messages. */
@Document("compactions")
public record Compaction(
        @Id String id,
        String conversationId,
        String ownerId,
        String summary,
        String trigger,
        Long atMessageCount,
        Long preTokens,
        Long postTokens,
        String model,
        Instant createdAt) {}
