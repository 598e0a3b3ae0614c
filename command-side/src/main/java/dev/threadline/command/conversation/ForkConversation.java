package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start a new conversation from another (a fork, or a clone of a compaction): lineage, then the given messages. */
public record ForkConversation(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        String title,
        WorkspaceId workspaceId,
        HarnessId harnessId,
        ConversationId sourceId,
        MessageId atMessageId,
        Integer keptParts,
        String fromCompaction,
        MessageId editedMessageId,
        List<CopiedMessage> messages) {

    public ForkConversation {
        messages = List.copyOf(messages);
    }
}
