package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Drop every message after {@code messageId} (rewind), or from it on ({@code inclusive}: regenerate). A running turn
 * refuses it, unless that turn started before {@code abandonedBefore}: then it ends as abandoned.
 */
public record RewindConversation(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        MessageId messageId,
        boolean inclusive,
        Instant abandonedBefore) {}
