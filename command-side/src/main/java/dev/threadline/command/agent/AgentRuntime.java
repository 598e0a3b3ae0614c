package dev.threadline.command.agent;

import reactor.core.publisher.Flux;

/**
 * Runs one agent turn. The returned stream is cold: subscribing starts the turn, cancelling stops it. It ends with
 * exactly one {@link AgentEvent.Finished}, or fails with {@link AgentFailure} whose message is safe to show.
 */
public interface AgentRuntime {

    Flux<AgentEvent> run(AgentRequest request);
}
