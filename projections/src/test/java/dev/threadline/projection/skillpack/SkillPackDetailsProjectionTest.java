package dev.threadline.projection.skillpack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.skillpack.SkillPackContent;
import dev.threadline.events.skillpack.SkillPackCreated;
import dev.threadline.events.skillpack.SkillPackRemoved;
import dev.threadline.events.skillpack.SkillPackUpdated;
import dev.threadline.projection.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SkillPackDetailsProjectionTest {

    static final UserId OWNER = new UserId("u");
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final SkillRef PDF = new SkillRef("acme/skills/pdf", "PDFs");

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final SkillPackDetailsProjection projection = new SkillPackDetailsProjection(mongo.template);

    @AfterEach
    void close() {
        mongo.close();
    }

    private void feed() {
        projection.on(
                new SkillPackCreated(OWNER, "p1", new SkillPackContent("Style", null, List.of(PDF), "md", null, null)),
                T0,
                0);
        projection.on(
                new SkillPackUpdated(OWNER, "p1", new SkillPackContent("Style", "d", List.of(), null, "claude", true)),
                T0.plusSeconds(5),
                1);
    }

    @Test
    void keepsTheLatestContent() {
        feed();

        assertThat(mongo.template.findById("p1", SkillPackDetails.class))
                .isEqualTo(new SkillPackDetails(
                        "p1", "u", "Style", "d", List.of(), null, "claude", true, T0, T0.plusSeconds(5), false, 1));
    }

    @Test
    void replayingTheSameEventsGivesTheSameDocuments() {
        feed();
        SkillPackDetails once = mongo.template.findById("p1", SkillPackDetails.class);

        feed();
        projection.on(new SkillPackRemoved(OWNER, "p1"), 2);
        projection.on(new SkillPackRemoved(OWNER, "p1"), 2);

        assertThat(mongo.template.findById("p1", SkillPackDetails.class))
                .isEqualTo(new SkillPackDetails(
                        once.id(),
                        once.ownerId(),
                        once.name(),
                        once.description(),
                        once.skills(),
                        once.agentsMd(),
                        once.claudeMd(),
                        once.claudeImportsAgents(),
                        once.createdAt(),
                        once.updatedAt(),
                        true,
                        2));
    }
}
