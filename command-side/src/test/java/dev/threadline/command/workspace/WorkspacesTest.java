package dev.threadline.command.workspace;

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
import java.util.List;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every workspace command: happy paths and rejections (DOMAIN.md §3.8; §9 items 68, 70-72). */
class WorkspacesTest {

    static final UserId OWNER = new UserId("owner");
    static final WorkspaceId A = new WorkspaceId("w-a");
    static final WorkspaceId B = new WorkspaceId("w-b");
    static final WorkspaceId C = new WorkspaceId("w-c");
    static final WorkspaceId NEW = new WorkspaceId("w-new");
    static final HarnessId HARNESS = new HarnessId("h-1");
    static final HarnessFacts PLAIN_HARNESS = new HarnessFacts(HARNESS, "Researcher", null);
    static final HarnessFacts AGENT_HARNESS = new HarnessFacts(HARNESS, "Coder", "sandbox-1");

    private final AggregateTestFixture<Workspaces> fixture = new AggregateTestFixture<>(Workspaces.class);

    static WorkspaceCreated created(WorkspaceId id, String name) {
        return new WorkspaceCreated(OWNER, id, name, null, null, null, false, null);
    }

    static WorkspaceCreated createdDefault(WorkspaceId id) {
        return new WorkspaceCreated(OWNER, id, "Default", null, null, null, true, null);
    }

    @Nested
    class CreateWorkspaceTest {

        @Test
        void givenNothing_whenCreateWithName_thenCreatedTrimmedWithoutOrder() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspace(OWNER, NEW, "  Research  ", null, null, "mint"))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "Research", null, null, "mint", false, null))
                    .expectResultMessagePayload(new CommandResult(NEW.value(), 0));
        }

        @Test
        void givenNothing_whenCreateWithoutName_thenHarnessNameThenFallback() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspace(OWNER, NEW, " ", PLAIN_HARNESS, null, ""))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "Researcher", HARNESS, null, null, false, null));
            new AggregateTestFixture<>(Workspaces.class)
                    .givenNoPriorActivity()
                    .when(new CreateWorkspace(OWNER, NEW, null, null, null, null))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "New workspace", null, null, null, false, null));
        }

        @Test
        void givenAgentHarnessWithSandbox_whenCreate_thenAdoptsItsSandboxUnlessOneIsGiven() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspace(OWNER, NEW, "Code", AGENT_HARNESS, null, null))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "Code", HARNESS, "sandbox-1", null, false, null));
            new AggregateTestFixture<>(Workspaces.class)
                    .givenNoPriorActivity()
                    .when(new CreateWorkspace(OWNER, NEW, "Code", AGENT_HARNESS, "mine", null))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "Code", HARNESS, "mine", null, false, null));
        }

        @Test
        void givenReordered_whenCreate_thenNewWorkspaceGoesToTheTop() {
            fixture.given(created(A, "A"), created(B, "B"), new WorkspacesReordered(OWNER, List.of(A, B)))
                    .when(new CreateWorkspace(OWNER, NEW, "N", null, null, null))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "N", null, null, null, false, -1));
        }

        @Test
        void givenNothing_whenNameTooLong_thenInvalid() {
            fixture.givenNoPriorActivity()
                    .when(new CreateWorkspace(OWNER, NEW, "x".repeat(201), null, null, null))
                    .expectNoEvents()
                    .expectException(DomainException.class);
        }
    }

    @Nested
    class EnsureDefaultWorkspaceTest {

        @Test
        void givenNothing_whenEnsureDefault_thenCreatesOneFlaggedDefault() {
            fixture.givenNoPriorActivity()
                    .when(new EnsureDefaultWorkspace(OWNER, NEW, PLAIN_HARNESS))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "Default", HARNESS, null, null, true, null));
        }

        @Test
        void givenDefault_whenEnsureAgain_thenSameWorkspaceAndNoEvents() {
            fixture.given(createdDefault(A))
                    .when(new EnsureDefaultWorkspace(OWNER, NEW, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(A.value(), 0));
        }

        @Test
        void givenWorkspaceNamedDefault_whenEnsure_thenAdoptsIt() {
            fixture.given(created(A, "Work"), created(B, "Default"))
                    .when(new EnsureDefaultWorkspace(OWNER, NEW, null))
                    .expectEvents(new WorkspaceMadeDefault(OWNER, B));
        }

        @Test
        void givenOnlyCustomNames_whenEnsure_thenNeverFlagsThem() {
            fixture.given(created(A, "default"), created(B, "My Default"))
                    .when(new EnsureDefaultWorkspace(OWNER, NEW, null))
                    .expectEvents(new WorkspaceCreated(OWNER, NEW, "Default", null, null, null, true, null));
        }
    }

    @Nested
    class UpdateWorkspaceTest {

        @Test
        void givenWorkspace_whenRenameAndRecolour_thenBoth() {
            fixture.given(created(A, "A"))
                    .when(new UpdateWorkspace(OWNER, A, " Renamed ", "sky", null, null))
                    .expectEvents(new WorkspaceRenamed(OWNER, A, "Renamed"), new WorkspaceRecoloured(OWNER, A, "sky"));
        }

        @Test
        void givenWorkspace_whenEmptyColour_thenCleared() {
            fixture.given(created(A, "A"))
                    .when(new UpdateWorkspace(OWNER, A, null, "", null, null))
                    .expectEvents(new WorkspaceRecoloured(OWNER, A, null));
        }

        @Test
        void givenWorkspace_whenBlankName_thenRejected() {
            fixture.given(created(A, "A"))
                    .when(new UpdateWorkspace(OWNER, A, "  ", null, null, null))
                    .expectNoEvents()
                    .expectExceptionMessage("Workspace name is required");
        }

        @Test
        void givenWorkspace_whenBindAgentHarness_thenAdoptsItsSandbox() {
            fixture.given(created(A, "A"))
                    .when(new UpdateWorkspace(OWNER, A, null, null, Optional.of(AGENT_HARNESS), null))
                    .expectEvents(
                            new WorkspaceHarnessChanged(OWNER, A, HARNESS),
                            new WorkspaceSandboxChanged(OWNER, A, "sandbox-1"));
        }

        @Test
        void givenBoundWorkspace_whenUnbindAndUnlink_thenBothCleared() {
            fixture.given(new WorkspaceCreated(OWNER, A, "A", HARNESS, "s", null, false, null))
                    .when(new UpdateWorkspace(OWNER, A, null, null, Optional.empty(), Optional.empty()))
                    .expectEvents(
                            new WorkspaceHarnessChanged(OWNER, A, null), new WorkspaceSandboxChanged(OWNER, A, null));
        }

        @Test
        void givenDefault_whenChangeHarness_thenAllowed() {
            fixture.given(createdDefault(A))
                    .when(new UpdateWorkspace(OWNER, A, null, null, Optional.of(PLAIN_HARNESS), null))
                    .expectEvents(new WorkspaceHarnessChanged(OWNER, A, HARNESS));
        }

        @Test
        void givenNoSuchWorkspace_whenUpdate_thenNotFound() {
            fixture.given(created(A, "A"))
                    .when(new UpdateWorkspace(OWNER, B, "x", null, null, null))
                    .expectNoEvents()
                    .expectExceptionMessage("Workspace not found");
        }
    }

    @Nested
    class ReorderWorkspacesTest {

        @Test
        void givenThree_whenReorderTwo_thenOmittedOneAppendedAndForeignIgnored() {
            fixture.given(created(A, "A"), created(B, "B"), created(C, "C"))
                    .when(new ReorderWorkspaces(OWNER, List.of(C, new WorkspaceId("not-mine"), A)))
                    .expectEvents(new WorkspacesReordered(OWNER, List.of(C, A, B)));
        }

        @Test
        void givenTooMany_whenReorder_thenRejected() {
            List<WorkspaceId> ids = java.util.stream.IntStream.range(0, 1001)
                    .mapToObj(i -> new WorkspaceId("w" + i))
                    .toList();
            fixture.given(created(A, "A"))
                    .when(new ReorderWorkspaces(OWNER, ids))
                    .expectNoEvents()
                    .expectExceptionMessage("Too many workspaces to reorder");
        }
    }

    @Nested
    class DeleteWorkspaceTest {

        @Test
        void givenWorkspace_whenDelete_thenDeleted() {
            fixture.given(createdDefault(A), created(B, "B"))
                    .when(new DeleteWorkspace(OWNER, B))
                    .expectEvents(new WorkspaceDeleted(OWNER, B));
        }

        @Test
        void givenDefault_whenDelete_thenRefused() {
            fixture.given(createdDefault(A))
                    .when(new DeleteWorkspace(OWNER, A))
                    .expectNoEvents()
                    .expectExceptionMessage("The Default workspace can't be deleted");
        }

        @Test
        void givenDeleted_whenDeleteAgain_thenNotFound() {
            fixture.given(created(B, "B"), new WorkspaceDeleted(OWNER, B))
                    .when(new DeleteWorkspace(OWNER, B))
                    .expectNoEvents()
                    .expectExceptionMessage("Workspace not found");
        }
    }
}
