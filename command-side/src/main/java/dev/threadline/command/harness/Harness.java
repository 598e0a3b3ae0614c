package dev.threadline.command.harness;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.HarnessCreated;
import dev.threadline.events.harness.HarnessDeleted;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.harness.HarnessReconfigured;
import dev.threadline.events.harness.McpServer;
import dev.threadline.events.harness.SandboxConfig;
import dev.threadline.events.identity.UserId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** An agent configuration: model, prompts, skills, MCP servers, agent and sandbox settings. Owner-only. */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Harness {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_SYSTEM_PROMPT_LENGTH = 4000;
    static final int MAX_LIST_SIZE = 100;
    static final int MAX_SUGGESTED_PROMPT_LENGTH = 2000;
    static final Set<String> STATUSES = Set.of("started", "stopped", "draft");
    static final Set<String> AUTH_TYPES = Set.of("none", "bearer", "oauth", "tiger_junction");
    static final Set<String> AGENTS = Set.of("default", "claude-code", "codex", "cursor");
    static final Set<String> RESOURCE_TIERS = Set.of("basic", "standard", "performance");

    @AggregateIdentifier
    private HarnessId harnessId;

    private UserId ownerId;
    private HarnessConfiguration configuration;
    private boolean deleted;

    Harness() {
        // for Axon and for snapshots
    }

    @CommandHandler
    Harness(CreateHarness command) {
        HarnessPatch fields = command.fields();
        if (fields.name() == null || fields.name().isBlank()) {
            throw DomainException.invalid("Harness name is required");
        }
        HarnessConfiguration empty = new HarnessConfiguration(
                "-", null, "draft", null, null, null, null, null, null, null, null, null, false, null, null);
        apply(new HarnessCreated(command.harnessId(), command.owner(), merged(empty, fields), null));
    }

    private Harness(HarnessId copyId, UserId owner, HarnessConfiguration copy, HarnessId source) {
        apply(new HarnessCreated(copyId, owner, copy, source));
    }

    @CommandHandler
    CommandResult handle(UpdateHarness command) {
        requireOwner(command.owner());
        HarnessConfiguration next = merged(configuration, command.fields());
        if (!next.equals(configuration)) {
            apply(new HarnessReconfigured(harnessId, next));
        }
        return result(harnessId);
    }

    @CommandHandler
    CommandResult handle(DuplicateHarness command) throws Exception {
        requireOwner(command.owner());
        HarnessConfiguration c = configuration;
        HarnessConfiguration copy = new HarnessConfiguration(
                limitedName("Copy of " + c.name()),
                c.model(),
                c.status(),
                c.mcpServers(),
                c.skills(),
                c.skillPackIds(),
                c.systemPrompt(),
                c.suggestedPrompts(),
                c.agent(),
                c.agentCredentialId(),
                c.agentMode(),
                c.reasoningEffort(),
                false,
                null,
                null);
        createNew(Harness.class, () -> new Harness(command.copyId(), ownerId, copy, harnessId));
        return new CommandResult(command.copyId().value(), 0);
    }

    @CommandHandler
    CommandResult handle(DetachSkillPack command) {
        requireOwner(command.owner());
        if (configuration.skillPackIds().contains(command.skillPackId())) {
            List<String> remaining = new ArrayList<>(configuration.skillPackIds());
            remaining.remove(command.skillPackId());
            apply(new HarnessReconfigured(harnessId, withSkillPacks(configuration, remaining)));
        }
        return result(harnessId);
    }

    @CommandHandler
    CommandResult handle(UnlinkAgentCredential command) {
        requireOwner(command.owner());
        if (command.credentialId().equals(configuration.agentCredentialId())) {
            HarnessConfiguration c = configuration;
            apply(new HarnessReconfigured(
                    harnessId,
                    new HarnessConfiguration(
                            c.name(),
                            c.model(),
                            c.status(),
                            c.mcpServers(),
                            c.skills(),
                            c.skillPackIds(),
                            c.systemPrompt(),
                            c.suggestedPrompts(),
                            c.agent(),
                            null,
                            c.agentMode(),
                            c.reasoningEffort(),
                            c.sandboxEnabled(),
                            c.sandboxId(),
                            c.sandboxConfig())));
        }
        return result(harnessId);
    }

    @CommandHandler
    CommandResult handle(DeleteHarness command) {
        requireOwner(command.owner());
        apply(new HarnessDeleted(harnessId));
        return result(harnessId);
    }

    /** The configuration, for its owner only; empty for anyone else and once deleted. */
    HarnessConfiguration configurationFor(UserId caller) {
        return deleted || !ownerId.equals(caller) ? null : configuration;
    }

    /** The configuration with the patch's non-null fields applied, checked. */
    static HarnessConfiguration merged(HarnessConfiguration current, HarnessPatch patch) {
        String agent = pick(patch.agent(), current.agent());
        // Credentials are agent-specific: a new agent without a credential loses the old link.
        String credential = patch.agentCredentialId() != null
                ? patch.agentCredentialId()
                : Objects.equals(agent, current.agent()) ? current.agentCredentialId() : null;
        HarnessConfiguration next = new HarnessConfiguration(
                patch.name() == null ? current.name() : limitedName(patch.name()),
                pick(patch.model(), current.model()),
                pick(patch.status(), current.status()),
                patch.mcpServers() == null
                        ? current.mcpServers()
                        : keepingTokens(patch.mcpServers(), current.mcpServers()),
                pick(patch.skills(), current.skills()),
                pick(patch.skillPackIds(), current.skillPackIds()),
                pick(patch.systemPrompt(), current.systemPrompt()),
                pick(patch.suggestedPrompts(), current.suggestedPrompts()),
                agent,
                credential,
                pick(patch.agentMode(), current.agentMode()),
                pick(patch.reasoningEffort(), current.reasoningEffort()),
                patch.sandboxEnabled() == null ? current.sandboxEnabled() : patch.sandboxEnabled(),
                pick(patch.sandboxId(), current.sandboxId()),
                pick(patch.sandboxConfig(), current.sandboxConfig()));
        check(next);
        return next;
    }

    private static void check(HarnessConfiguration c) {
        if (!STATUSES.contains(c.status())) {
            throw DomainException.invalid("Status must be one of started, stopped, draft");
        }
        if (c.systemPrompt() != null && c.systemPrompt().length() > MAX_SYSTEM_PROMPT_LENGTH) {
            throw DomainException.invalid(
                    "System prompt must be at most %d characters".formatted(MAX_SYSTEM_PROMPT_LENGTH));
        }
        if (c.agent() != null && !AGENTS.contains(c.agent())) {
            throw DomainException.invalid("Agent must be one of default, claude-code, codex, cursor");
        }
        if (c.mcpServers().size() > MAX_LIST_SIZE
                || c.skills().size() > MAX_LIST_SIZE
                || c.skillPackIds().size() > MAX_LIST_SIZE
                || c.suggestedPrompts().size() > MAX_LIST_SIZE) {
            throw DomainException.invalid("A harness holds at most %d of each list".formatted(MAX_LIST_SIZE));
        }
        for (String prompt : c.suggestedPrompts()) {
            if (prompt == null || prompt.length() > MAX_SUGGESTED_PROMPT_LENGTH) {
                throw DomainException.invalid(
                        "Suggested prompts must be at most %d characters".formatted(MAX_SUGGESTED_PROMPT_LENGTH));
            }
        }
        for (McpServer server : c.mcpServers()) {
            if (server.name().isBlank()) {
                throw DomainException.invalid("Every MCP server needs a name");
            }
            if (!AUTH_TYPES.contains(server.authType())) {
                throw DomainException.invalid("MCP auth type must be one of none, bearer, oauth, tiger_junction");
            }
            if (!isHttpUrl(server.url())) {
                throw DomainException.invalid("MCP server URL must be an http(s) URL");
            }
        }
        SandboxConfig sandbox = c.sandboxConfig();
        if (sandbox != null && sandbox.resourceTier() != null && !RESOURCE_TIERS.contains(sandbox.resourceTier())) {
            throw DomainException.invalid("Resource tier must be one of basic, standard, performance");
        }
    }

    /** A server resent without its token (the owner never sees it) keeps the token it had. */
    private static List<McpServer> keepingTokens(List<McpServer> updated, List<McpServer> current) {
        List<McpServer> result = new ArrayList<>();
        for (McpServer server : updated) {
            McpServer kept = server;
            if (server.authToken() == null && server.authType().equals("bearer")) {
                kept = current.stream()
                        .filter(old -> old.name().equals(server.name()) && old.authToken() != null)
                        .findFirst()
                        .map(old -> new McpServer(
                                server.name(), server.url(), server.authType(), old.authToken(), server.commandIds()))
                        .orElse(server);
            }
            result.add(kept);
        }
        return result;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String limitedName(String name) {
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw DomainException.invalid("Harness name is required");
        }
        return trimmed.length() > MAX_NAME_LENGTH ? trimmed.substring(0, MAX_NAME_LENGTH) : trimmed;
    }

    private static <T> T pick(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static HarnessConfiguration withSkillPacks(HarnessConfiguration c, List<String> packs) {
        return new HarnessConfiguration(
                c.name(),
                c.model(),
                c.status(),
                c.mcpServers(),
                c.skills(),
                packs,
                c.systemPrompt(),
                c.suggestedPrompts(),
                c.agent(),
                c.agentCredentialId(),
                c.agentMode(),
                c.reasoningEffort(),
                c.sandboxEnabled(),
                c.sandboxId(),
                c.sandboxConfig());
    }

    private void requireOwner(UserId caller) {
        if (deleted || !ownerId.equals(caller)) {
            throw DomainException.notFound("Harness not found");
        }
    }

    private static CommandResult result(HarnessId id) {
        Long version = AggregateLifecycle.getVersion();
        return new CommandResult(id.value(), version == null ? 0 : version);
    }

    @EventSourcingHandler
    void on(HarnessCreated event) {
        harnessId = event.harnessId();
        ownerId = event.ownerId();
        configuration = event.configuration();
    }

    @EventSourcingHandler
    void on(HarnessReconfigured event) {
        configuration = event.configuration();
    }

    @EventSourcingHandler
    void on(HarnessDeleted event) {
        deleted = true;
    }
}
