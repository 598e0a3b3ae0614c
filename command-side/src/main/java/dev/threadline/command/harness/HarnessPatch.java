package dev.threadline.command.harness;

import dev.threadline.events.harness.McpServer;
import dev.threadline.events.harness.SandboxConfig;
import dev.threadline.events.harness.SkillRef;
import java.util.List;

/**
 * Fields to set on a harness; a null field is left as it is (an update cannot unset a field). MCP bearer tokens
 * arrive sealed: plaintext never reaches a command.
 */
public record HarnessPatch(
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
        Boolean sandboxEnabled,
        String sandboxId,
        SandboxConfig sandboxConfig) {}
