package dev.threadline.command.harness;

import dev.threadline.events.DomainException;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.HarnessCreated;
import dev.threadline.events.harness.HarnessDeleted;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.harness.HarnessReconfigured;
import dev.threadline.events.harness.McpServer;
import dev.threadline.events.harness.SandboxConfig;
import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every harness command: happy paths and rejections (DOMAIN.md §3.5; §9 item 67). */
class HarnessTest {

    static final UserId OWNER = new UserId("owner");
    static final UserId STRANGER = new UserId("stranger");
    static final HarnessId HARNESS = new HarnessId("h-1");
    static final HarnessId COPY = new HarnessId("h-2");
    static final SealedSecret TOKEN = new SealedSecret("k1", "c2VhbGVk");
    static final McpServer GITHUB = new McpServer("github", "https://mcp.example/gh", "bearer", TOKEN, List.of());

    private final AggregateTestFixture<Harness> fixture = new AggregateTestFixture<>(Harness.class);

    static HarnessPatch named(String name) {
        return new HarnessPatch(
                name, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static HarnessPatch prompt(String systemPrompt) {
        return new HarnessPatch(
                null, null, null, null, null, null, systemPrompt, null, null, null, null, null, null, null, null);
    }

    static HarnessPatch agent(String agent, String credential) {
        return new HarnessPatch(
                null, null, null, null, null, null, null, null, agent, credential, null, null, null, null, null);
    }

    static HarnessConfiguration configuration(String name, String agent, String credential) {
        return new HarnessConfiguration(
                name,
                "gpt-5.5",
                "started",
                List.of(GITHUB),
                List.of(new SkillRef("acme/skills/pdf", "PDFs")),
                List.of("p-1"),
                "Be brief.",
                List.of("Summarise"),
                agent,
                credential,
                "plan",
                "high",
                true,
                "sandbox-1",
                new SandboxConfig(true, true, "python", "basic", null, null, null));
    }

    static HarnessCreated created() {
        return new HarnessCreated(HARNESS, OWNER, configuration("Coder", "claude-code", "cred-1"), null);
    }

    @Nested
    class CreateHarnessTest {

        @Test
        void givenNothing_whenCreate_thenCreatedAsDraft() {
            fixture.givenNoPriorActivity()
                    .when(new CreateHarness(HARNESS, OWNER, named(" Coder ")))
                    .expectEvents(new HarnessCreated(
                            HARNESS,
                            OWNER,
                            new HarnessConfiguration(
                                    "Coder", null, "draft", null, null, null, null, null, null, null, null, null, false,
                                    null, null),
                            null));
        }

        @Test
        void givenNothing_whenCreateWithoutName_thenRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateHarness(HARNESS, OWNER, named(" ")))
                    .expectNoEvents()
                    .expectExceptionMessage("Harness name is required");
        }

        @Test
        void givenNothing_whenSystemPromptOf4000_thenAcceptedAnd4001Rejected() {
            HarnessPatch ok = new HarnessPatch(
                    "A",
                    null,
                    null,
                    null,
                    null,
                    null,
                    "x".repeat(4000),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            fixture.givenNoPriorActivity()
                    .when(new CreateHarness(HARNESS, OWNER, ok))
                    .expectSuccessfulHandlerExecution();
            HarnessPatch tooLong = new HarnessPatch(
                    "A",
                    null,
                    null,
                    null,
                    null,
                    null,
                    "x".repeat(4001),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            new AggregateTestFixture<>(Harness.class)
                    .givenNoPriorActivity()
                    .when(new CreateHarness(HARNESS, OWNER, tooLong))
                    .expectNoEvents()
                    .expectExceptionMessage("System prompt must be at most 4000 characters");
        }

        @Test
        void givenNothing_whenBadMcpServer_thenRejected() {
            HarnessPatch bad = new HarnessPatch(
                    "A",
                    null,
                    null,
                    List.of(new McpServer("x", "ftp://nope", "none", null, null)),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            fixture.givenNoPriorActivity()
                    .when(new CreateHarness(HARNESS, OWNER, bad))
                    .expectNoEvents()
                    .expectException(DomainException.class);
        }
    }

    @Nested
    class UpdateHarnessTest {

        @Test
        void givenHarness_whenUpdatePrompt_thenOtherFieldsUntouched() {
            HarnessConfiguration before = configuration("Coder", "claude-code", "cred-1");
            fixture.given(created())
                    .when(new UpdateHarness(HARNESS, OWNER, prompt("New prompt")))
                    .expectEvents(new HarnessReconfigured(
                            HARNESS,
                            new HarnessConfiguration(
                                    before.name(),
                                    before.model(),
                                    before.status(),
                                    before.mcpServers(),
                                    before.skills(),
                                    before.skillPackIds(),
                                    "New prompt",
                                    before.suggestedPrompts(),
                                    before.agent(),
                                    before.agentCredentialId(),
                                    before.agentMode(),
                                    before.reasoningEffort(),
                                    before.sandboxEnabled(),
                                    before.sandboxId(),
                                    before.sandboxConfig())));
        }

        @Test
        void givenHarness_whenUpdatePromptTo4001_thenRejected() {
            fixture.given(created())
                    .when(new UpdateHarness(HARNESS, OWNER, prompt("x".repeat(4001))))
                    .expectNoEvents()
                    .expectExceptionMessage("System prompt must be at most 4000 characters");
        }

        @Test
        void givenHarness_whenAgentChangesWithoutCredential_thenCredentialCleared() {
            fixture.given(created())
                    .when(new UpdateHarness(HARNESS, OWNER, agent("codex", null)))
                    .expectEvents(new HarnessReconfigured(HARNESS, configuration("Coder", "codex", null)));
        }

        @Test
        void givenHarness_whenSameAgentResent_thenCredentialKept() {
            fixture.given(created())
                    .when(new UpdateHarness(HARNESS, OWNER, agent("claude-code", null)))
                    .expectNoEvents();
        }

        @Test
        void givenHarness_whenMcpServerResentWithoutToken_thenTokenKept() {
            HarnessPatch resent = new HarnessPatch(
                    null,
                    null,
                    null,
                    List.of(new McpServer("github", "https://mcp.example/gh", "bearer", null, null)),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            fixture.given(created())
                    .when(new UpdateHarness(HARNESS, OWNER, resent))
                    .expectNoEvents();
        }

        @Test
        void givenHarness_whenStrangerUpdates_thenNotFound() {
            fixture.given(created())
                    .when(new UpdateHarness(HARNESS, STRANGER, prompt("mine")))
                    .expectNoEvents()
                    .expectExceptionMessage("Harness not found");
        }
    }

    @Nested
    class DuplicateHarnessTest {

        @Test
        void givenHarness_whenDuplicate_thenCopyWithAgentAndCredentialButNoSandbox() {
            HarnessConfiguration c = configuration("Coder", "claude-code", "cred-1");
            fixture.given(created())
                    .when(new DuplicateHarness(HARNESS, OWNER, COPY))
                    .expectEvents(new HarnessCreated(
                            COPY,
                            OWNER,
                            new HarnessConfiguration(
                                    "Copy of Coder",
                                    c.model(),
                                    c.status(),
                                    c.mcpServers(),
                                    c.skills(),
                                    c.skillPackIds(),
                                    c.systemPrompt(),
                                    c.suggestedPrompts(),
                                    "claude-code",
                                    "cred-1",
                                    c.agentMode(),
                                    c.reasoningEffort(),
                                    false,
                                    null,
                                    null),
                            HARNESS));
        }

        @Test
        void givenHarness_whenStrangerDuplicates_thenNotFound() {
            fixture.given(created())
                    .when(new DuplicateHarness(HARNESS, STRANGER, COPY))
                    .expectNoEvents()
                    .expectExceptionMessage("Harness not found");
        }
    }

    @Nested
    class DeleteHarnessTest {

        @Test
        void givenHarness_whenDelete_thenDeletedAndThenGone() {
            fixture.given(created()).when(new DeleteHarness(HARNESS, OWNER)).expectEvents(new HarnessDeleted(HARNESS));
            new AggregateTestFixture<>(Harness.class)
                    .given(created(), new HarnessDeleted(HARNESS))
                    .when(new UpdateHarness(HARNESS, OWNER, prompt("x")))
                    .expectExceptionMessage("Harness not found");
        }

        @Test
        void givenHarnessWithPack_whenPackDetached_thenRemovedFromHarness() {
            fixture.given(created())
                    .when(new DetachSkillPack(HARNESS, OWNER, "p-1"))
                    .expectEvents(new HarnessReconfigured(
                            HARNESS,
                            Harness.merged(configuration("Coder", "claude-code", "cred-1"), packs(List.of()))));
        }
    }

    static HarnessPatch packs(List<String> packs) {
        return new HarnessPatch(
                null, null, null, null, null, packs, null, null, null, null, null, null, null, null, null);
    }
}
