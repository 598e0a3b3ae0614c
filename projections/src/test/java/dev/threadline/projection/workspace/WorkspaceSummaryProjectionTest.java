package dev.threadline.projection.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceCreated;
import dev.threadline.events.workspace.WorkspaceDeleted;
import dev.threadline.events.workspace.WorkspaceHarnessChanged;
import dev.threadline.events.workspace.WorkspaceId;
import dev.threadline.events.workspace.WorkspaceMadeDefault;
import dev.threadline.events.workspace.WorkspaceRecoloured;
import dev.threadline.events.workspace.WorkspaceRenamed;
import dev.threadline.events.workspace.WorkspacesReordered;
import dev.threadline.projection.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;

class WorkspaceSummaryProjectionTest {

    static final UserId OWNER = new UserId("u");
    static final WorkspaceId A = new WorkspaceId("a");
    static final WorkspaceId B = new WorkspaceId("b");
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final WorkspaceSummaryProjection projection = new WorkspaceSummaryProjection(mongo.template);

    @AfterEach
    void close() {
        mongo.close();
    }

    private void feed() {
        projection.on(new WorkspaceCreated(OWNER, A, "Work", null, null, "mint", false, null), T0, 0);
        projection.on(new WorkspaceCreated(OWNER, B, "Default", null, null, null, false, null), T0, 1);
        projection.on(new WorkspaceMadeDefault(OWNER, B), 2);
        projection.on(new WorkspaceRenamed(OWNER, A, "Research"), T0.plusSeconds(1), 3);
        projection.on(new WorkspaceRecoloured(OWNER, A, null), T0.plusSeconds(2), 4);
        projection.on(new WorkspaceHarnessChanged(OWNER, A, new HarnessId("h")), T0.plusSeconds(3), 5);
        projection.on(new WorkspacesReordered(OWNER, List.of(B, A)), 6);
    }

    private List<WorkspaceSummary> all() {
        return mongo.template.find(new Query().with(Sort.by("_id")), WorkspaceSummary.class);
    }

    @Test
    void buildsTheWorkspacesWithTheirLatestState() {
        feed();

        assertThat(all())
                .containsExactly(
                        new WorkspaceSummary(
                                "a", "u", "Research", "h", null, null, false, 1, T0, T0.plusSeconds(3), false, 6),
                        new WorkspaceSummary("b", "u", "Default", null, null, null, true, 0, T0, T0, false, 6));
    }

    @Test
    void replayingTheSameEventsGivesTheSameDocuments() {
        feed();
        List<WorkspaceSummary> once = all();

        feed();

        assertThat(all()).isEqualTo(once);
    }

    @Test
    void aDeletedWorkspaceStaysAsATombstone() {
        feed();
        projection.on(new WorkspaceDeleted(OWNER, A), 7);

        assertThat(mongo.template.findById("a", WorkspaceSummary.class).deleted())
                .isTrue();
    }
}
