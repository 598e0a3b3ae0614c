package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Undo the latest rewind (or regenerate) of the conversation, bringing back what it dropped; possible only while
 * nothing has been added or cut since. Undoing again undoes the rewind before it, under the same rule. A running turn
 * refuses it, unless that turn started before {@code abandonedBefore}: then it ends as abandoned.
 */
public record UndoRewind(
        @TargetAggregateIdentifier ConversationId conversationId, UserId requester, Instant abandonedBefore) {}
