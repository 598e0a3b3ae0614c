package dev.threadline.command.conversation;

import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Post a user message and start the agent's turn on it, atomically, so that two turns never run at once. A running
 * turn that started before {@code abandonedBefore} is treated as abandoned (its node died) and does not block.
 */
public record StartTurn(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        TurnId turnId,
        MessageId messageId,
        String content,
        List<Attachment> attachments,
        Instant abandonedBefore) {}
