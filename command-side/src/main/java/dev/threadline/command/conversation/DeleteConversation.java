package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete the conversation; its history stays in the log. */
public record DeleteConversation(@TargetAggregateIdentifier ConversationId conversationId, UserId requester) {}
