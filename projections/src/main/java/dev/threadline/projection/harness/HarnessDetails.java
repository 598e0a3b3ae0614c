package dev.threadline.projection.harness;

import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.McpServer;
import dev.threadline.events.harness.SandboxConfig;
import dev.threadline.events.harness.SkillRef;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A harness as its owner sees it. MCP bearer tokens are not kept here, not even sealed: only whether one is set.
 */
@Document("harnesses")
public record HarnessDetails(
        @Id String id,
        String ownerId,
        String name,
        String model,
        String status,
        List<McpServerDetails> mcpServers,
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
        SandboxConfig sandboxConfig,
        String duplicatedFrom,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted,
        long version) {

    /** An MCP server without its token. */
    public record McpServerDetails(
            String name, String url, String authType, boolean hasAuth, List<String> commandIds) {}

    static HarnessDetails of(
            String id,
            String ownerId,
            HarnessConfiguration c,
            String duplicatedFrom,
            Instant createdAt,
            Instant updatedAt,
            long version) {
        return new HarnessDetails(
                id,
                ownerId,
                c.name(),
                c.model(),
                c.status(),
                withoutTokens(c.mcpServers()),
                c.skills(),
                c.skillPackIds(),
                c.systemPrompt(),
                c.suggestedPrompts(),
                c.agent(),
                c.agentCredentialId(),
                c.agentMode(),
                c.reasoningEffort(),
                c.sandboxEnabled(),
                c.sandboxId(),
                c.sandboxConfig(),
                duplicatedFrom,
                createdAt,
                updatedAt,
                false,
                version);
    }

    /** The fields a new configuration changes. */
    static Update changes(HarnessConfiguration c, Instant at) {
        return new Update()
                .set("name", c.name())
                .set("model", c.model())
                .set("status", c.status())
                .set("mcpServers", withoutTokens(c.mcpServers()))
                .set("skills", c.skills())
                .set("skillPackIds", c.skillPackIds())
                .set("systemPrompt", c.systemPrompt())
                .set("suggestedPrompts", c.suggestedPrompts())
                .set("agent", c.agent())
                .set("agentCredentialId", c.agentCredentialId())
                .set("agentMode", c.agentMode())
                .set("reasoningEffort", c.reasoningEffort())
                .set("sandboxEnabled", c.sandboxEnabled())
                .set("sandboxId", c.sandboxId())
                .set("sandboxConfig", c.sandboxConfig())
                .set("updatedAt", at);
    }

    private static List<McpServerDetails> withoutTokens(List<McpServer> servers) {
        return servers.stream()
                .map(server -> new McpServerDetails(
                        server.name(),
                        server.url(),
                        server.authType(),
                        server.authToken() != null,
                        server.commandIds()))
                .toList();
    }
}
