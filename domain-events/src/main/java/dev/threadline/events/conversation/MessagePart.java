package dev.threadline.events.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of an assistant message's timeline. Text and reasoning parts use {@code content}; tool calls use the
 * tool fields, with {@code arguments} as a JSON text. {@code parentId} is the call id of the tool call that spawned
 * this part (subagent nesting).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagePart(
        PartType type,
        String content,
        String callId,
        String tool,
        String arguments,
        String result,
        ToolStatus status,
        String kind,
        String parentId,
        Integer exitCode,
        String serverName) {

    public MessagePart {
        Objects.requireNonNull(type, "type");
    }

    public static MessagePart text(String content) {
        return new MessagePart(PartType.TEXT, content, null, null, null, null, null, null, null, null, null);
    }

    public static MessagePart reasoning(String content) {
        return new MessagePart(PartType.REASONING, content, null, null, null, null, null, null, null, null, null);
    }

    public static MessagePart toolCall(
            String callId, String tool, String arguments, String result, ToolStatus status, String parentId) {
        return new MessagePart(
                PartType.TOOL_CALL, null, callId, tool, arguments, result, status, null, parentId, null, null);
    }

    /** The same part with the given tool result and status. */
    public MessagePart withResult(String newResult, ToolStatus newStatus) {
        return new MessagePart(
                type, content, callId, tool, arguments, newResult, newStatus, kind, parentId, exitCode, serverName);
    }

    /**
     * The flat content of an assistant message: every text part's content in order, no separator. Reasoning and
     * tool calls contribute nothing; a text part without content counts as empty.
     */
    public static String contentOf(List<MessagePart> parts) {
        if (parts == null) {
            return "";
        }
        StringBuilder content = new StringBuilder();
        for (MessagePart part : parts) {
            if (part.type() == PartType.TEXT && part.content() != null) {
                content.append(part.content());
            }
        }
        return content.toString();
    }

    /**
     * The part counts (1 ≤ k < parts) at which a message can be cut without separating a tool call from the parts it
     * spawned ({@code parentId} naming a kept call): the "seams" a mid-message rewind may use.
     */
    public static List<Integer> seams(List<MessagePart> parts) {
        List<Integer> seams = new ArrayList<>();
        for (int keep = 1; keep < parts.size(); keep++) {
            Set<String> keptCalls = new HashSet<>();
            for (MessagePart part : parts.subList(0, keep)) {
                if (part.callId() != null) {
                    keptCalls.add(part.callId());
                }
            }
            boolean splits = parts.subList(keep, parts.size()).stream()
                    .anyMatch(part -> part.parentId() != null && keptCalls.contains(part.parentId()));
            if (!splits) {
                seams.add(keep);
            }
        }
        return seams;
    }
}
