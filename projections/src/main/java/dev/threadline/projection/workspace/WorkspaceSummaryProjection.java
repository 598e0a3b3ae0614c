package dev.threadline.projection.workspace;

import dev.threadline.events.workspace.WorkspaceCreated;
import dev.threadline.events.workspace.WorkspaceDeleted;
import dev.threadline.events.workspace.WorkspaceHarnessChanged;
import dev.threadline.events.workspace.WorkspaceMadeDefault;
import dev.threadline.events.workspace.WorkspaceRecoloured;
import dev.threadline.events.workspace.WorkspaceRenamed;
import dev.threadline.events.workspace.WorkspaceSandboxChanged;
import dev.threadline.events.workspace.WorkspacesReordered;
import dev.threadline.projection.VersionedDocuments;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Builds the workspace list of each person. */
@Component
@ProcessingGroup(WorkspaceSummaryProjection.GROUP)
public class WorkspaceSummaryProjection {

    public static final String GROUP = "workspace-summary";

    private final VersionedDocuments writes;

    public WorkspaceSummaryProjection(MongoTemplate mongo) {
        this.writes = new VersionedDocuments(mongo, WorkspaceSummary.class);
    }

    @EventHandler
    void on(WorkspaceCreated event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.create(
                event.workspaceId().value(),
                new WorkspaceSummary(
                        event.workspaceId().value(),
                        event.ownerId().value(),
                        event.name(),
                        event.harnessId() == null ? null : event.harnessId().value(),
                        event.sandboxId(),
                        event.color(),
                        event.isDefault(),
                        event.order(),
                        at,
                        at,
                        false,
                        sequence));
    }

    @EventHandler
    void on(WorkspaceRenamed event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.workspaceId().value(), sequence, used(at).set("name", event.name()));
    }

    @EventHandler
    void on(WorkspaceRecoloured event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.workspaceId().value(), sequence, used(at).set("color", event.color()));
    }

    @EventHandler
    void on(WorkspaceHarnessChanged event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(
                event.workspaceId().value(),
                sequence,
                used(at).set(
                                "harnessId",
                                event.harnessId() == null
                                        ? null
                                        : event.harnessId().value()));
    }

    @EventHandler
    void on(WorkspaceSandboxChanged event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.workspaceId().value(), sequence, used(at).set("sandboxId", event.sandboxId()));
    }

    @EventHandler
    void on(WorkspaceMadeDefault event, @SequenceNumber long sequence) {
        writes.apply(event.workspaceId().value(), sequence, new Update().set("isDefault", true));
    }

    @EventHandler
    void on(WorkspacesReordered event, @SequenceNumber long sequence) {
        for (int index = 0; index < event.order().size(); index++) {
            writes.apply(event.order().get(index).value(), sequence, new Update().set("order", index));
        }
    }

    @EventHandler
    void on(WorkspaceDeleted event, @SequenceNumber long sequence) {
        writes.apply(event.workspaceId().value(), sequence, new Update().set("deleted", true));
    }

    @ResetHandler
    void reset() {
        writes.clear();
    }

    private static Update used(Instant at) {
        return new Update().set("lastUsedAt", at);
    }
}
