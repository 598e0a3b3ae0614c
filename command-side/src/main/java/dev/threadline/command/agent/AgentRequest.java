package dev.threadline.command.agent;

import dev.threadline.events.conversation.ConversationId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent needs for a turn: the model to use (null = the runtime's default), an optional system prompt, the
 * conversation so far, whose last entry is the user message being answered, and the environment its tools run
 * with (the owner's workspace credentials, decrypted: never logged, never part of {@link #toString()}).
 */
public record AgentRequest(
        ConversationId conversationId,
        String model,
        String systemPrompt,
        List<AgentMessage> history,
        Map<String, String> environment) {

    public AgentRequest {
        Objects.requireNonNull(conversationId, "conversationId");
        history = List.copyOf(history);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    public AgentRequest(ConversationId conversationId, String model, String systemPrompt, List<AgentMessage> history) {
        this(conversationId, model, systemPrompt, history, Map.of());
    }

    @Override
    public String toString() {
        return "AgentRequest[conversationId=%s, model=%s, history=%d messages, environment=%s]"
                .formatted(conversationId, model, history.size(), environment.keySet());
    }

    /** The message being answered. */
    public String latestUserContent() {
        return history.isEmpty() ? "" : history.get(history.size() - 1).content();
    }
}
