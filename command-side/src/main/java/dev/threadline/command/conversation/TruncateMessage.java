package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Keep the first {@code keepParts} parts of an assistant message (at a seam) and drop every later message. A running
 * turn refuses it, unless that turn started before {@code abandonedBefore}: then it ends as abandoned.
 */
public record TruncateMessage(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        MessageId messageId,
        int keepParts,
        Instant abandonedBefore) {}
