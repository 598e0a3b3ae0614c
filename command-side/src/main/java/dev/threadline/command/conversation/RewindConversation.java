package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Drop every message after {@code messageId} (rewind), or from it on ({@code inclusive}: regenerate). */
public record RewindConversation(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        MessageId messageId,
        boolean inclusive) {}
