package dev.threadline.events.conversation;

/** Every event of a conversation names it. */
public interface ConversationEvent {

    ConversationId conversationId();
}
