package dev.threadline.command.conversation;

import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Add a user message without asking the agent. A running turn refuses it, unless that turn started before
 * {@code abandonedBefore} (its node died): then it ends as abandoned and the message goes in.
 */
public record PostUserMessage(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        MessageId messageId,
        String content,
        List<Attachment> attachments,
        Instant abandonedBefore) {}
