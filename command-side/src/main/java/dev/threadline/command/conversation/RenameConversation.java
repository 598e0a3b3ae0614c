package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give the conversation a new title. */
public record RenameConversation(
        @TargetAggregateIdentifier ConversationId conversationId, UserId requester, String title) {}
