package dev.threadline.command.credential;

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
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Credential commands: happy paths and rejections (DOMAIN.md §1.10-§1.11, §3.9-§3.10). */
class CredentialsTest {

    static final UserId OWNER = new UserId("owner");
    static final WorkspaceId W1 = new WorkspaceId("w1");
    static final WorkspaceId W2 = new WorkspaceId("w2");
    static final SealedSecret OWN = new SealedSecret("k-own", "b3du");
    static final SealedSecret COPY1 = new SealedSecret("k-w1", "Y29weTE=");
    static final SealedSecret NEW_OWN = new SealedSecret("k-own", "bmV3");
    static final SealedSecret NEW_COPY1 = new SealedSecret("k-w1", "bmV3Y29weQ==");

    private final AggregateTestFixture<Credentials> fixture = new AggregateTestFixture<>(Credentials.class);

    static CredentialStored stored() {
        return new CredentialStored(OWNER, "c1", "GITHUB_TOKEN", "CI", OWN, false);
    }

    @Nested
    class StoreCredentialTest {

        @Test
        void givenNothing_whenStore_thenStoredSealed() {
            fixture.givenNoPriorActivity()
                    .when(new StoreCredential(OWNER, "c1", "GITHUB_TOKEN", " CI ", OWN, Map.of(), false))
                    .expectEvents(stored());
        }

        @Test
        void givenNothing_whenReservedOrBadName_thenRejected() {
            fixture.givenNoPriorActivity()
                    .when(new StoreCredential(OWNER, "c1", "LD_PRELOAD", null, OWN, Map.of(), false))
                    .expectNoEvents()
                    .expectException(DomainException.class);
            new AggregateTestFixture<>(Credentials.class)
                    .givenNoPriorActivity()
                    .when(new StoreCredential(OWNER, "c1", "1ABC", null, OWN, Map.of(), false))
                    .expectNoEvents()
                    .expectException(DomainException.class);
        }

        @Test
        void givenAssignedCredential_whenRotated_thenEveryWorkspaceCopyIsResealedAndLabelKept() {
            fixture.given(stored(), new CredentialAssigned(OWNER, "c1", W1, COPY1))
                    .when(new StoreCredential(OWNER, "c1", "GITHUB_TOKEN", null, NEW_OWN, Map.of(W1, NEW_COPY1), false))
                    .expectEvents(
                            new CredentialStored(OWNER, "c1", "GITHUB_TOKEN", "CI", NEW_OWN, true),
                            new CredentialAssigned(OWNER, "c1", W1, NEW_COPY1));
        }

        @Test
        void givenAssignedCredential_whenRotatedWithoutItsWorkspaceCopies_thenConflict() {
            fixture.given(stored(), new CredentialAssigned(OWNER, "c1", W1, COPY1))
                    .when(new StoreCredential(OWNER, "c1", "GITHUB_TOKEN", null, NEW_OWN, Map.of(), false))
                    .expectNoEvents()
                    .expectExceptionMessage("The credential's workspaces changed meanwhile; please retry");
        }

        @Test
        void givenCredential_whenSameNameUnderAnotherId_thenConflict() {
            fixture.given(stored())
                    .when(new StoreCredential(OWNER, "c2", "GITHUB_TOKEN", null, OWN, Map.of(), false))
                    .expectNoEvents()
                    .expectException(DomainException.class);
        }

        @Test
        void givenNothing_whenRotateUnknownId_thenNotFound() {
            fixture.givenNoPriorActivity()
                    .when(new StoreCredential(OWNER, "nope", "GITHUB_TOKEN", null, OWN, Map.of(), true))
                    .expectNoEvents()
                    .expectExceptionMessage("Credential not found");
        }
    }

    @Nested
    class AssignmentTest {

        @Test
        void givenCredential_whenAssignTwice_thenOneAssignment() {
            fixture.given(stored(), new CredentialAssigned(OWNER, "c1", W1, COPY1))
                    .when(new AssignCredential(OWNER, "c1", W1, COPY1))
                    .expectNoEvents();
        }

        @Test
        void givenUnknownCredential_whenAssign_thenNotFound() {
            fixture.given(stored())
                    .when(new AssignCredential(OWNER, "c9", W1, COPY1))
                    .expectNoEvents()
                    .expectExceptionMessage("Credential not found");
        }

        @Test
        void givenAssigned_whenUnassign_thenUnassignedAndAgainNothing() {
            fixture.given(stored(), new CredentialAssigned(OWNER, "c1", W1, COPY1))
                    .when(new UnassignCredential(OWNER, "c1", W1))
                    .expectEvents(new CredentialUnassigned(OWNER, "c1", W1));
            new AggregateTestFixture<>(Credentials.class)
                    .given(stored())
                    .when(new UnassignCredential(OWNER, "c1", W2))
                    .expectNoEvents();
        }

        @Test
        void givenWorkspaceDeleted_whenForget_thenEveryAssignmentToItGoes() {
            fixture.given(
                            stored(),
                            new CredentialAssigned(OWNER, "c1", W1, COPY1),
                            new CredentialStored(OWNER, "c2", "NPM_TOKEN", null, OWN, false),
                            new CredentialAssigned(OWNER, "c2", W1, COPY1),
                            new CredentialAssigned(OWNER, "c2", W2, COPY1))
                    .when(new ForgetWorkspaceCredentials(OWNER, W1))
                    .expectEvents(new CredentialUnassigned(OWNER, "c1", W1), new CredentialUnassigned(OWNER, "c2", W1));
        }

        @Test
        void givenCredential_whenRemove_thenRemovedAndThenUnknown() {
            fixture.given(stored())
                    .when(new RemoveCredential(OWNER, "c1"))
                    .expectEvents(new CredentialRemoved(OWNER, "c1"));
            new AggregateTestFixture<>(Credentials.class)
                    .given(stored(), new CredentialRemoved(OWNER, "c1"))
                    .when(new RemoveCredential(OWNER, "c1"))
                    .expectExceptionMessage("Credential not found");
        }
    }

    @Nested
    class AgentCredentialTest {

        @Test
        void givenNothing_whenStoreAllowedKind_thenStored() {
            fixture.givenNoPriorActivity()
                    .when(new StoreAgentCredential(OWNER, "a1", "claude-code", "oauth_token", null, OWN, false))
                    .expectEvents(
                            new AgentCredentialStored(OWNER, "a1", "claude-code", "oauth_token", null, OWN, false));
        }

        @Test
        void givenNothing_whenKindNotAllowedForAgent_thenRejected() {
            fixture.givenNoPriorActivity()
                    .when(new StoreAgentCredential(OWNER, "a1", "claude-code", "auth_json", null, OWN, false))
                    .expectNoEvents()
                    .expectExceptionMessage("Credential kind for claude-code must be one of api_key, oauth_token");
        }

        @Test
        void givenNothing_whenUnknownAgent_thenNotFound() {
            fixture.givenNoPriorActivity()
                    .when(new StoreAgentCredential(OWNER, "a1", "gemini", "api_key", null, OWN, false))
                    .expectNoEvents()
                    .expectExceptionMessage("Unknown agent 'gemini'");
        }

        @Test
        void givenCodexCredential_whenRotatedAsAnotherAgent_thenRefused() {
            fixture.given(new AgentCredentialStored(OWNER, "a1", "codex", "api_key", null, OWN, false))
                    .when(new StoreAgentCredential(OWNER, "a1", "cursor", "api_key", null, OWN, true))
                    .expectNoEvents()
                    .expectExceptionMessage("Credential belongs to 'codex', not 'cursor'");
        }

        @Test
        void givenAgentCredential_whenRemove_thenRemoved() {
            fixture.given(new AgentCredentialStored(OWNER, "a1", "codex", "api_key", null, OWN, false))
                    .when(new RemoveAgentCredential(OWNER, "a1"))
                    .expectEvents(new AgentCredentialRemoved(OWNER, "a1"));
        }
    }
}
