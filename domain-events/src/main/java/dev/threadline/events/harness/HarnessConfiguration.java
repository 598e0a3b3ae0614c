package dev.threadline.events.harness;

import java.util.List;
import java.util.Objects;

/**
 * Everything a harness configures, as one value: events carry the whole configuration after each change.
 *
 * @param status {@code started}, {@code stopped} or {@code draft}
 * @param skillPackIds in resolution order; packs not owned by the harness owner are ignored when a turn resolves them
 * @param agent null or {@code default} for the built-in loop, else an agent id ({@code claude-code}, {@code codex},
 *     {@code cursor})
 */
public record HarnessConfiguration(
        String name,
        String model,
        String status,
        List<McpServer> mcpServers,
        List<SkillRef> skills,
        List<String> skillPackIds,
        String systemPrompt,
        List<String> suggestedPrompts,
        String agent,
        String agentCredentialId,
        String agentMode,
        String reasoningEffort,
        boolean sandboxEnabled,
        String sandboxId,
        SandboxConfig sandboxConfig) {

    public HarnessConfiguration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        skills = skills == null ? List.of() : List.copyOf(skills);
        skillPackIds = skillPackIds == null ? List.of() : List.copyOf(skillPackIds);
        suggestedPrompts = suggestedPrompts == null ? List.of() : List.copyOf(suggestedPrompts);
    }

    /** Whether the harness runs an agent (which works in a sandbox) rather than the built-in loop. */
    public boolean isAgentHarness() {
        return (agent != null && !agent.equals("default")) || sandboxEnabled;
    }
}
