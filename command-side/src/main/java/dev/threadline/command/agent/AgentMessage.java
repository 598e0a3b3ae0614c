package dev.threadline.command.agent;

import dev.threadline.events.conversation.Role;
import java.util.Objects;

/** One earlier message as the agent sees it: role and flat content. */
public record AgentMessage(Role role, String content) {

    public AgentMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
