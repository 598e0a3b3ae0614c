package dev.threadline.command.conversation;

import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.PartType;
import dev.threadline.events.conversation.ToolStatus;
import java.util.ArrayList;
import java.util.List;

/** The assistant message a turn is building: deltas extend the last part of their kind, tool calls add parts. */
final class TurnParts {

    private final List<MessagePart> parts = new ArrayList<>();

    synchronized void appendText(String delta) {
        append(PartType.TEXT, delta);
    }

    synchronized void appendReasoning(String delta) {
        append(PartType.REASONING, delta);
    }

    synchronized void addToolCall(String callId, String tool, String arguments) {
        parts.add(MessagePart.toolCall(callId, tool, arguments, "", ToolStatus.IN_PROGRESS, null));
    }

    synchronized void completeToolCall(String callId, String result, ToolStatus status) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            MessagePart part = parts.get(i);
            if (part.type() == PartType.TOOL_CALL && callId.equals(part.callId())) {
                parts.set(i, part.withResult(result, status));
                return;
            }
        }
    }

    synchronized List<MessagePart> snapshot() {
        return List.copyOf(parts);
    }

    private void append(PartType type, String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        int last = parts.size() - 1;
        if (last >= 0 && parts.get(last).type() == type) {
            MessagePart previous = parts.get(last);
            parts.set(
                    last,
                    new MessagePart(
                            type, previous.content() + delta, null, null, null, null, null, null, null, null, null));
        } else {
            parts.add(type == PartType.TEXT ? MessagePart.text(delta) : MessagePart.reasoning(delta));
        }
    }
}
