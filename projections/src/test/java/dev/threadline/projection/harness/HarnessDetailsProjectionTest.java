package dev.threadline.projection.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.HarnessCreated;
import dev.threadline.events.harness.HarnessDeleted;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.harness.HarnessReconfigured;
import dev.threadline.events.harness.McpServer;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.skillpack.FindHarnessesUsingSkillPack;
import dev.threadline.projection.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HarnessDetailsProjectionTest {

    static final HarnessId ID = new HarnessId("h");
    static final UserId OWNER = new UserId("u");
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final SealedSecret TOKEN = new SealedSecret("key-1", "Y2lwaGVydGV4dA==");

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final HarnessDetailsProjection projection =
            new HarnessDetailsProjection(mongo.template, mongo.noProcessors());

    @AfterEach
    void close() {
        mongo.close();
    }

    static HarnessConfiguration config(String prompt, List<String> packs) {
        return new HarnessConfiguration(
                "Writer",
                "m",
                "draft",
                List.of(new McpServer("gh", "https://mcp.example", "bearer", TOKEN, null)),
                null,
                packs,
                prompt,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
    }

    private void feed() {
        projection.on(new HarnessCreated(ID, OWNER, config("one", List.of("p1")), null), T0, 0);
        projection.on(new HarnessReconfigured(ID, config("two", List.of("p1", "p2"))), T0.plusSeconds(1), 1);
    }

    @Test
    void keepsTheLatestConfigurationAndOnlyWhetherATokenIsSet() {
        feed();

        HarnessDetails details = mongo.template.findById("h", HarnessDetails.class);
        assertThat(details.systemPrompt()).isEqualTo("two");
        assertThat(details.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(details.mcpServers())
                .containsExactly(
                        new HarnessDetails.McpServerDetails("gh", "https://mcp.example", "bearer", true, List.of()));
        String stored =
                mongo.template.findById("h", Document.class, "harnesses").toJson();
        assertThat(stored).doesNotContain(TOKEN.ciphertext()).doesNotContain(TOKEN.keyId());
    }

    @Test
    void replayingTheSameEventsGivesTheSameDocuments() {
        feed();
        HarnessDetails once = mongo.template.findById("h", HarnessDetails.class);

        feed();

        assertThat(mongo.template.findById("h", HarnessDetails.class)).isEqualTo(once);
    }

    @Test
    void findsTheLiveHarnessesThatListAPack() {
        feed();
        assertThat(projection.handle(new FindHarnessesUsingSkillPack(OWNER, "p2")))
                .containsExactly("h");
        assertThat(projection.handle(new FindHarnessesUsingSkillPack(new UserId("other"), "p2")))
                .isEmpty();

        projection.on(new HarnessDeleted(ID), 2);

        assertThat(projection.handle(new FindHarnessesUsingSkillPack(OWNER, "p2")))
                .isEmpty();
    }
}
