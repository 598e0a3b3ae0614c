package dev.threadline.query.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.projection.conversation.ConversationSummary;
import java.time.Instant;

/** A conversation as its owner sees it in lists and on its page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ConversationView(
        String id,
        String title,
        String workspaceId,
        String harnessId,
        Instant createdAt,
        Instant lastMessageAt,
        boolean pinned,
        Instant pinnedAt,
        long messageCount,
        long version) {

    static ConversationView of(ConversationSummary summary) {
        return new ConversationView(
                summary.id(),
                summary.title(),
                summary.workspaceId(),
                summary.harnessId(),
                summary.createdAt(),
                summary.lastMessageAt(),
                summary.pinnedAt() != null,
                summary.pinnedAt(),
                summary.messageCount(),
                summary.version());
    }
}
