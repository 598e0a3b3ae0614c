package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Unpin the conversation. */
public record UnpinConversation(@TargetAggregateIdentifier ConversationId conversationId, UserId requester) {}
