package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Place a conversation in a workspace the requester was checked to own. With {@code onlyIfUnplaced} (adoption) a
 * conversation that already has a workspace stays where it is.
 */
public record MoveConversation(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        WorkspaceId workspaceId,
        boolean onlyIfUnplaced) {}
