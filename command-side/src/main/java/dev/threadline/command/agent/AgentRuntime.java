package dev.threadline.command.agent;

import dev.threadline.events.conversation.ConversationId;
import reactor.core.publisher.Flux;

/**
 * Runs one agent turn. The returned stream is cold: subscribing starts the turn, cancelling stops it. It ends with
 * exactly one {@link AgentEvent.Finished}, or fails with {@link AgentFailure} whose message is safe to show.
 */
public interface AgentRuntime {

    Flux<AgentEvent> run(AgentRequest request);

    /**
     * The conversation was rewound in place: a runtime that keeps a session per conversation drops its idle one, so
     * the next turn starts fresh from the shortened history (DOMAIN.md §6.5). Answers how many sessions it reset; the
     * built-in runtimes keep none.
     */
    default int resetSession(ConversationId conversationId) {
        return 0;
    }
}
