package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Pin the conversation to the top of the list. */
public record PinConversation(@TargetAggregateIdentifier ConversationId conversationId, UserId requester) {}
