package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Undo the latest rewind (or regenerate) of the conversation, bringing back what it dropped; possible only while
 * nothing has been added or cut since. Undoing again undoes the rewind before it, under the same rule.
 */
public record UndoRewind(@TargetAggregateIdentifier ConversationId conversationId, UserId requester) {}
