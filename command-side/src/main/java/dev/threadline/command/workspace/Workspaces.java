package dev.threadline.command.workspace;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceCreated;
import dev.threadline.events.workspace.WorkspaceDeleted;
import dev.threadline.events.workspace.WorkspaceHarnessChanged;
import dev.threadline.events.workspace.WorkspaceId;
import dev.threadline.events.workspace.WorkspaceMadeDefault;
import dev.threadline.events.workspace.WorkspaceRecoloured;
import dev.threadline.events.workspace.WorkspaceRenamed;
import dev.threadline.events.workspace.WorkspaceSandboxChanged;
import dev.threadline.events.workspace.WorkspacesReordered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * All workspaces of one person, as one aggregate: the rules that span them (exactly one Default, the manual order)
 * are checked against a consistent state. A person has few workspaces, so the state stays small.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Workspaces {

    static final String DEFAULT_NAME = "Default";
    static final String FALLBACK_NAME = "New workspace";
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_REORDER = 1000;

    @AggregateIdentifier
    private String id;

    private UserId ownerId;
    private final Map<WorkspaceId, Entry> workspaces = new LinkedHashMap<>();

    /** What the rules need to know of one workspace. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY)
    static final class Entry {
        String name;
        HarnessId harnessId;
        boolean isDefault;
        Integer order;
        Instant lastUsedAt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry entry
                    && Objects.equals(name, entry.name)
                    && Objects.equals(harnessId, entry.harnessId)
                    && isDefault == entry.isDefault
                    && Objects.equals(order, entry.order)
                    && Objects.equals(lastUsedAt, entry.lastUsedAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, harnessId, isDefault, order, lastUsedAt);
        }
    }

    Workspaces() {
        // for Axon and for snapshots
    }

    /** The aggregate identifier of a person's workspaces. */
    public static String idOf(UserId owner) {
        return "workspaces:" + owner.value();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(CreateWorkspace command) {
        String name = firstNonBlank(
                command.name(),
                command.harness() == null ? null : command.harness().name(),
                FALLBACK_NAME);
        Integer order = workspaces.values().stream()
                .map(entry -> entry.order)
                .filter(Objects::nonNull)
                .min(Integer::compare)
                .map(lowest -> lowest - 1)
                .orElse(null);
        String sandboxId = command.sandboxId() != null
                ? command.sandboxId()
                : command.harness() == null ? null : command.harness().sandboxToAdopt();
        apply(new WorkspaceCreated(
                command.owner(),
                command.workspaceId(),
                limited(name),
                command.harness() == null ? null : command.harness().harnessId(),
                sandboxId,
                blankToNull(command.color()),
                false,
                order));
        return result(command.workspaceId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(EnsureDefaultWorkspace command) {
        Optional<WorkspaceId> flagged = defaultWorkspace();
        if (flagged.isPresent()) {
            return result(flagged.get());
        }
        Optional<WorkspaceId> named = workspaces.entrySet().stream()
                .filter(entry -> DEFAULT_NAME.equals(entry.getValue().name))
                .map(Map.Entry::getKey)
                .findFirst();
        if (named.isPresent()) {
            apply(new WorkspaceMadeDefault(command.owner(), named.get()));
            return result(named.get());
        }
        apply(new WorkspaceCreated(
                command.owner(),
                command.workspaceId(),
                DEFAULT_NAME,
                command.harness() == null ? null : command.harness().harnessId(),
                command.harness() == null ? null : command.harness().sandboxToAdopt(),
                null,
                true,
                null));
        return result(command.workspaceId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(UpdateWorkspace command) {
        owned(command.workspaceId());
        if (command.name() != null) {
            if (command.name().isBlank()) {
                throw DomainException.invalid("Workspace name is required");
            }
            apply(new WorkspaceRenamed(command.owner(), command.workspaceId(), limited(command.name())));
        }
        if (command.color() != null) {
            apply(new WorkspaceRecoloured(command.owner(), command.workspaceId(), blankToNull(command.color())));
        }
        if (command.harness() != null) {
            HarnessFacts harness = command.harness().orElse(null);
            apply(new WorkspaceHarnessChanged(
                    command.owner(), command.workspaceId(), harness == null ? null : harness.harnessId()));
            if (command.sandboxId() == null && harness != null && harness.sandboxToAdopt() != null) {
                apply(new WorkspaceSandboxChanged(command.owner(), command.workspaceId(), harness.sandboxToAdopt()));
            }
        }
        if (command.sandboxId() != null) {
            apply(new WorkspaceSandboxChanged(
                    command.owner(), command.workspaceId(), command.sandboxId().orElse(null)));
        }
        return result(command.workspaceId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(ReorderWorkspaces command) {
        if (command.order().size() > MAX_REORDER) {
            throw DomainException.invalid("Too many workspaces to reorder");
        }
        Set<WorkspaceId> order = new LinkedHashSet<>();
        command.order().stream().filter(workspaces::containsKey).forEach(order::add);
        listOrder().stream().filter(id -> !order.contains(id)).forEach(order::add);
        if (!order.isEmpty()) {
            apply(new WorkspacesReordered(command.owner(), new ArrayList<>(order)));
        }
        return new CommandResult(idOf(command.owner()), version());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(DeleteWorkspace command) {
        Entry workspace = owned(command.workspaceId());
        if (workspace.isDefault) {
            throw DomainException.conflict("The Default workspace can't be deleted");
        }
        apply(new WorkspaceDeleted(command.owner(), command.workspaceId()));
        return result(command.workspaceId());
    }

    /** Whether this workspace exists; a conversation placed in it must belong to its owner. */
    boolean contains(WorkspaceId workspaceId) {
        return workspaces.containsKey(workspaceId);
    }

    /** The harness the workspace is bound to, if any. */
    Optional<HarnessId> harnessOf(WorkspaceId workspaceId) {
        return Optional.ofNullable(owned(workspaceId).harnessId);
    }

    Optional<WorkspaceId> defaultWorkspace() {
        return workspaces.entrySet().stream()
                .filter(entry -> entry.getValue().isDefault)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The list order: manual order ascending (unset last), then most recently used first. */
    private List<WorkspaceId> listOrder() {
        Comparator<Map.Entry<WorkspaceId, Entry>> byOrder =
                Comparator.comparing(entry -> entry.getValue().order, Comparator.nullsLast(Comparator.naturalOrder()));
        return workspaces.entrySet().stream()
                .sorted(byOrder.thenComparing(entry -> entry.getValue().lastUsedAt, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private Entry owned(WorkspaceId workspaceId) {
        Entry entry = workspaceId == null ? null : workspaces.get(workspaceId);
        if (entry == null) {
            throw DomainException.notFound("Workspace not found");
        }
        return entry;
    }

    private static String limited(String name) {
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw DomainException.invalid("Workspace name must be at most %d characters".formatted(MAX_NAME_LENGTH));
        }
        return trimmed;
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no fallback");
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private CommandResult result(WorkspaceId workspaceId) {
        return new CommandResult(workspaceId.value(), version());
    }

    private static long version() {
        Long version = AggregateLifecycle.getVersion();
        return version == null ? 0 : version;
    }

    @EventSourcingHandler
    void on(WorkspaceCreated event, @Timestamp Instant at) {
        id = idOf(event.ownerId());
        ownerId = event.ownerId();
        Entry entry = new Entry();
        entry.name = event.name();
        entry.harnessId = event.harnessId();
        entry.isDefault = event.isDefault();
        entry.order = event.order();
        entry.lastUsedAt = at;
        workspaces.put(event.workspaceId(), entry);
    }

    @EventSourcingHandler
    void on(WorkspaceMadeDefault event) {
        workspaces.get(event.workspaceId()).isDefault = true;
    }

    @EventSourcingHandler
    void on(WorkspaceRenamed event, @Timestamp Instant at) {
        Entry entry = workspaces.get(event.workspaceId());
        entry.name = event.name();
        entry.lastUsedAt = at;
    }

    @EventSourcingHandler
    void on(WorkspaceRecoloured event, @Timestamp Instant at) {
        workspaces.get(event.workspaceId()).lastUsedAt = at;
    }

    @EventSourcingHandler
    void on(WorkspaceHarnessChanged event, @Timestamp Instant at) {
        Entry entry = workspaces.get(event.workspaceId());
        entry.harnessId = event.harnessId();
        entry.lastUsedAt = at;
    }

    @EventSourcingHandler
    void on(WorkspaceSandboxChanged event, @Timestamp Instant at) {
        workspaces.get(event.workspaceId()).lastUsedAt = at;
    }

    @EventSourcingHandler
    void on(WorkspacesReordered event) {
        for (int index = 0; index < event.order().size(); index++) {
            Entry entry = workspaces.get(event.order().get(index));
            if (entry != null) {
                entry.order = index;
            }
        }
    }

    @EventSourcingHandler
    void on(WorkspaceDeleted event) {
        workspaces.remove(event.workspaceId());
    }
}
