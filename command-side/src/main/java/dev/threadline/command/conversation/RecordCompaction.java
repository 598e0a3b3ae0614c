package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a summary of the conversation so far; a summary over 100,000 characters is clamped. */
public record RecordCompaction(
        @TargetAggregateIdentifier ConversationId conversationId,
        UserId requester,
        String compactionId,
        String summary,
        String trigger,
        Long atMessageCount,
        Long preTokens,
        Long postTokens,
        String model) {}
