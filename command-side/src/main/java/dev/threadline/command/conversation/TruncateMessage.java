package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Keep the first {@code keepParts} parts of an assistant message (at a seam) and drop every later message. */
public record TruncateMessage(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        MessageId messageId,
        int keepParts) {}
