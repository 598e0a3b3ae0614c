package dev.threadline.command.skillpack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.skillpack.SkillPackContent;
import dev.threadline.events.skillpack.SkillPackCreated;
import dev.threadline.events.skillpack.SkillPackRemoved;
import dev.threadline.events.skillpack.SkillPackUpdated;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** Skill packs: caps, validation, update semantics and resolution (DOMAIN.md §1.6, §3.7; §9 item 74). */
class SkillPacksTest {

    static final UserId OWNER = new UserId("owner");
    static final SkillRef PDF = new SkillRef("acme/skills/pdf", "PDFs");

    private final AggregateTestFixture<SkillPacks> fixture = new AggregateTestFixture<>(SkillPacks.class);

    static SkillPackPatch patch(String name, String agentsMd) {
        return new SkillPackPatch(name, null, null, agentsMd, null, null);
    }

    static SkillPackCreated created(String id, String name) {
        return new SkillPackCreated(OWNER, id, new SkillPackContent(name, null, List.of(PDF), "md", null, null));
    }

    @Test
    void givenNothing_whenCreate_thenStoredTrimmedWithEmptiesAsNull() {
        fixture.givenNoPriorActivity()
                .when(new CreateSkillPack(
                        OWNER, "p1", new SkillPackPatch(" Style ", " ", List.of(PDF), "md", "", false)))
                .expectEvents(new SkillPackCreated(
                        OWNER, "p1", new SkillPackContent("Style", null, List.of(PDF), "md", null, null)));
    }

    @Test
    void givenNothing_whenCreateWithoutName_thenRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateSkillPack(OWNER, "p1", patch("  ", null)))
                .expectNoEvents()
                .expectExceptionMessage("Skill pack name is required");
    }

    @Test
    void givenNothing_whenNameOrMarkdownTooLong_thenRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateSkillPack(OWNER, "p1", patch("x".repeat(121), null)))
                .expectNoEvents()
                .expectExceptionMessage("Skill pack name must be at most 120 characters");
        new AggregateTestFixture<>(SkillPacks.class)
                .givenNoPriorActivity()
                .when(new CreateSkillPack(OWNER, "p1", patch("ok", "x".repeat(50_001))))
                .expectNoEvents()
                .expectExceptionMessage("AGENTS.md must be at most 50,000 characters");
    }

    @Test
    void givenFiftyPacks_whenCreateAnother_thenRefused() {
        List<Object> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(created("p" + i, "Pack " + i));
        }
        fixture.given(fifty)
                .when(new CreateSkillPack(OWNER, "p50", patch("One too many", null)))
                .expectNoEvents()
                .expectExceptionMessage("You can have at most 50 skill packs");
    }

    @Test
    void givenPack_whenEmptyMarkdown_thenClearedAndOtherFieldsKept() {
        fixture.given(created("p1", "Style"))
                .when(new UpdateSkillPack(OWNER, "p1", patch(null, "")))
                .expectEvents(new SkillPackUpdated(
                        OWNER, "p1", new SkillPackContent("Style", null, List.of(PDF), null, null, null)));
    }

    @Test
    void givenNoSuchPack_whenUpdateOrRemove_thenNotFound() {
        fixture.given(created("p1", "Style"))
                .when(new UpdateSkillPack(OWNER, "other", patch("x", null)))
                .expectNoEvents()
                .expectExceptionMessage("Skill pack not found");
        new AggregateTestFixture<>(SkillPacks.class)
                .given(created("p1", "Style"), new SkillPackRemoved(OWNER, "p1"))
                .when(new RemoveSkillPack(OWNER, "p1"))
                .expectNoEvents()
                .expectExceptionMessage("Skill pack not found");
    }

    @Test
    void givenPack_whenRemove_thenRemoved() {
        fixture.given(created("p1", "Style"))
                .when(new RemoveSkillPack(OWNER, "p1"))
                .expectEvents(new SkillPackRemoved(OWNER, "p1"));
    }

    @Test
    void resolutionConcatenatesMarkdownInOrderUnionsSkillsAndSetsTheImportFlag() {
        SkillPackContent first = new SkillPackContent("A", null, List.of(PDF), "alpha", null, null);
        SkillPackContent second = new SkillPackContent(
                "B",
                null,
                List.of(new SkillRef("acme/skills/pdf", "other"), new SkillRef("acme/skills/csv", "CSV")),
                null,
                "claude",
                true);

        ResolvedSkillPacks resolved = SkillPackDirectory.resolve(List.of(first, second));

        assertThat(resolved.agentsMd()).isEqualTo("<!-- Skill pack: A -->\nalpha");
        assertThat(resolved.claudeMd()).isEqualTo("<!-- Skill pack: B -->\nclaude");
        assertThat(resolved.claudeImportsAgents()).isTrue();
        assertThat(resolved.skills()).containsExactly(PDF, new SkillRef("acme/skills/csv", "CSV"));
    }
}
