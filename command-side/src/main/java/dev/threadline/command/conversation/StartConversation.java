package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start a conversation; a blank title becomes "New conversation". */
public record StartConversation(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        String title,
        WorkspaceId workspaceId,
        HarnessId harnessId) {}
