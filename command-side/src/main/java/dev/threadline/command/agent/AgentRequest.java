package dev.threadline.command.agent;

import dev.threadline.events.conversation.ConversationId;
import java.util.List;
import java.util.Objects;

/**
 * What an agent needs for a turn: the model to use (null = the runtime's default), an optional system prompt, and
 * the conversation so far, whose last entry is the user message being answered.
 */
public record AgentRequest(
        ConversationId conversationId, String model, String systemPrompt, List<AgentMessage> history) {

    public AgentRequest {
        Objects.requireNonNull(conversationId, "conversationId");
        history = List.copyOf(history);
    }

    /** The message being answered. */
    public String latestUserContent() {
        return history.isEmpty() ? "" : history.get(history.size() - 1).content();
    }
}
