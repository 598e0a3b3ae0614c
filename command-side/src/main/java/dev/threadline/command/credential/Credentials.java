package dev.threadline.command.credential;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.credential.AgentCredentialRemoved;
import dev.threadline.events.credential.AgentCredentialStored;
import dev.threadline.events.credential.CredentialAssigned;
import dev.threadline.events.credential.CredentialRemoved;
import dev.threadline.events.credential.CredentialStored;
import dev.threadline.events.credential.CredentialUnassigned;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One person's credentials: workspace credentials (an environment variable each, unique by name, assignable to
 * workspaces) and agent credentials. Values are only ever held sealed: a credential's own copy under its own key,
 * and one copy per assigned workspace under that workspace's key.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Credentials {

    static final int MAX_LABEL_LENGTH = 80;
    static final Map<String, Set<String>> AGENT_KINDS = Map.of(
            "codex", Set.of("auth_json", "api_key"),
            "claude-code", Set.of("oauth_token", "api_key"),
            "cursor", Set.of("auth_json", "api_key"));

    @AggregateIdentifier
    private String id;

    private final Map<String, WorkspaceCredential> credentials = new LinkedHashMap<>();
    private final Map<String, String> agentCredentials = new LinkedHashMap<>();

    /** A workspace credential as the rules and the resolver need it. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY)
    static final class WorkspaceCredential {
        String name;
        String label;
        SealedSecret value;
        Map<WorkspaceId, SealedSecret> copies = new LinkedHashMap<>();

        @Override
        public boolean equals(Object other) {
            return other instanceof WorkspaceCredential that
                    && Objects.equals(name, that.name)
                    && Objects.equals(label, that.label)
                    && Objects.equals(value, that.value)
                    && Objects.equals(copies, that.copies);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, label, value, copies);
        }
    }

    Credentials() {
        // for Axon and for snapshots
    }

    public static String idOf(UserId owner) {
        return "credentials:" + owner.value();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(StoreCredential command) {
        CredentialNames.checkName(command.name());
        String label = checkedLabel(command.label());
        WorkspaceCredential existing = credentials.get(command.credentialId());
        if (command.rotateOnly() && existing == null) {
            throw DomainException.notFound("Credential not found");
        }
        if (existing == null && idByName(command.name()).isPresent()) {
            throw DomainException.conflict("A credential named %s already exists".formatted(command.name()));
        }
        Set<WorkspaceId> assigned = existing == null ? Set.of() : existing.copies.keySet();
        if (!command.workspaceCopies().keySet().equals(assigned)) {
            throw DomainException.conflict("The credential's workspaces changed meanwhile; please retry");
        }
        String name = existing == null ? command.name() : existing.name;
        apply(new CredentialStored(
                command.owner(),
                command.credentialId(),
                name,
                label != null ? label : existing == null ? null : existing.label,
                command.value(),
                existing != null));
        command.workspaceCopies()
                .forEach((workspace, copy) ->
                        apply(new CredentialAssigned(command.owner(), command.credentialId(), workspace, copy)));
        return result(command.credentialId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(AssignCredential command) {
        WorkspaceCredential credential = owned(command.credentialId());
        if (!credential.copies.containsKey(command.workspaceId())) {
            apply(new CredentialAssigned(
                    command.owner(), command.credentialId(), command.workspaceId(), command.value()));
        }
        return result(command.credentialId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(UnassignCredential command) {
        WorkspaceCredential credential = credentials.get(command.credentialId());
        if (credential != null && credential.copies.containsKey(command.workspaceId())) {
            apply(new CredentialUnassigned(command.owner(), command.credentialId(), command.workspaceId()));
        }
        return result(command.credentialId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(ForgetWorkspaceCredentials command) {
        for (Map.Entry<String, WorkspaceCredential> entry : new ArrayList<>(credentials.entrySet())) {
            if (entry.getValue().copies.containsKey(command.workspaceId())) {
                apply(new CredentialUnassigned(command.owner(), entry.getKey(), command.workspaceId()));
            }
        }
        return result(command.workspaceId().value());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(RemoveCredential command) {
        owned(command.credentialId());
        apply(new CredentialRemoved(command.owner(), command.credentialId()));
        return result(command.credentialId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(StoreAgentCredential command) {
        Set<String> kinds = AGENT_KINDS.get(command.agent());
        if (kinds == null) {
            throw DomainException.notFound("Unknown agent '%s'".formatted(command.agent()));
        }
        if (!kinds.contains(command.kind())) {
            throw DomainException.invalid("Credential kind for %s must be one of %s"
                    .formatted(command.agent(), String.join(", ", new java.util.TreeSet<>(kinds))));
        }
        String label = checkedLabel(command.label());
        if (command.rotateOnly()) {
            String agent = agentCredentials.get(command.credentialId());
            if (agent == null) {
                throw DomainException.notFound("Credential not found");
            }
            if (!agent.equals(command.agent())) {
                throw DomainException.conflict(
                        "Credential belongs to '%s', not '%s'".formatted(agent, command.agent()));
            }
        }
        apply(new AgentCredentialStored(
                command.owner(),
                command.credentialId(),
                command.agent(),
                command.kind(),
                label,
                command.value(),
                command.rotateOnly()));
        return result(command.credentialId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(RemoveAgentCredential command) {
        if (!agentCredentials.containsKey(command.credentialId())) {
            throw DomainException.notFound("Credential not found");
        }
        apply(new AgentCredentialRemoved(command.owner(), command.credentialId()));
        return result(command.credentialId());
    }

    /** The id of the workspace credential with this name (names are unique per person). */
    Optional<String> idByName(String name) {
        return credentials.entrySet().stream()
                .filter(entry -> entry.getValue().name.equals(name))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The credential's own sealed value and the workspaces it is assigned to; null if there is no such credential. */
    StoredCredential stored(String credentialId) {
        WorkspaceCredential credential = credentials.get(credentialId);
        return credential == null
                ? null
                : new StoredCredential(credential.value, List.copyOf(credential.copies.keySet()));
    }

    /** The sealed copies assigned to a workspace, by name. */
    List<CredentialResolver.Row> rowsFor(WorkspaceId workspaceId) {
        List<CredentialResolver.Row> rows = new ArrayList<>();
        for (WorkspaceCredential credential : credentials.values()) {
            SealedSecret copy = credential.copies.get(workspaceId);
            if (copy != null) {
                rows.add(new CredentialResolver.Row(credential.name, copy));
            }
        }
        return rows;
    }

    record StoredCredential(SealedSecret value, List<WorkspaceId> workspaces) {}

    private WorkspaceCredential owned(String credentialId) {
        WorkspaceCredential credential = credentials.get(credentialId);
        if (credential == null) {
            throw DomainException.notFound("Credential not found");
        }
        return credential;
    }

    private static String checkedLabel(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String trimmed = label.strip();
        if (trimmed.length() > MAX_LABEL_LENGTH) {
            throw DomainException.invalid("Label must be at most %d characters".formatted(MAX_LABEL_LENGTH));
        }
        return trimmed;
    }

    private static CommandResult result(String id) {
        Long version = AggregateLifecycle.getVersion();
        return new CommandResult(id, version == null ? 0 : version);
    }

    @EventSourcingHandler
    void on(CredentialStored event) {
        id = idOf(event.ownerId());
        WorkspaceCredential credential =
                credentials.computeIfAbsent(event.credentialId(), key -> new WorkspaceCredential());
        credential.name = event.name();
        credential.label = event.label();
        credential.value = event.value();
    }

    @EventSourcingHandler
    void on(CredentialAssigned event) {
        credentials.get(event.credentialId()).copies.put(event.workspaceId(), event.value());
    }

    @EventSourcingHandler
    void on(CredentialUnassigned event) {
        credentials.get(event.credentialId()).copies.remove(event.workspaceId());
    }

    @EventSourcingHandler
    void on(CredentialRemoved event) {
        credentials.remove(event.credentialId());
    }

    @EventSourcingHandler
    void on(AgentCredentialStored event) {
        id = idOf(event.ownerId());
        agentCredentials.put(event.credentialId(), event.agent());
    }

    @EventSourcingHandler
    void on(AgentCredentialRemoved event) {
        agentCredentials.remove(event.credentialId());
    }
}
