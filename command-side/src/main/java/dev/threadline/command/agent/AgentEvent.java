package dev.threadline.command.agent;

import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.Usage;

/** What an agent runtime reports while it works. Deltas are appended by the turn runner into message parts. */
public sealed interface AgentEvent {

    /** A piece of visible answer text. */
    record TextDelta(String text) implements AgentEvent {}

    /** A piece of the model's reasoning. */
    record ReasoningDelta(String text) implements AgentEvent {}

    /** The agent called a tool; {@code arguments} is JSON text. */
    record ToolCalled(String callId, String tool, String arguments) implements AgentEvent {}

    /** A tool call finished. */
    record ToolReturned(String callId, String result, ToolStatus status) implements AgentEvent {}

    /** Token counts (and cost when known) for the turn so far; a later report replaces an earlier one. */
    record UsageReported(Usage usage) implements AgentEvent {}

    /** The turn is complete. {@code model} is the model that answered, {@code finishReason} the provider's. */
    record Finished(String model, String finishReason) implements AgentEvent {}
}
