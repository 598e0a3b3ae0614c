package dev.threadline.projection.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.credential.AgentCredentialStored;
import dev.threadline.events.credential.CredentialAssigned;
import dev.threadline.events.credential.CredentialRemoved;
import dev.threadline.events.credential.CredentialStored;
import dev.threadline.events.credential.CredentialUnassigned;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import dev.threadline.projection.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;

class CredentialSummaryProjectionTest {

    static final UserId OWNER = new UserId("u");
    static final SealedSecret SEALED = new SealedSecret("key-9", "c2VjcmV0LWNpcGhlcnRleHQ=");
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final CredentialSummaryProjection projection = new CredentialSummaryProjection(mongo.template);

    @AfterEach
    void close() {
        mongo.close();
    }

    private void feed() {
        projection.on(new CredentialStored(OWNER, "c1", "GITHUB_TOKEN", "CI", SEALED, false), T0, 0);
        projection.on(new CredentialAssigned(OWNER, "c1", new WorkspaceId("w1"), SEALED), 1);
        projection.on(new CredentialAssigned(OWNER, "c1", new WorkspaceId("w2"), SEALED), 2);
        projection.on(new CredentialUnassigned(OWNER, "c1", new WorkspaceId("w1")), 3);
        projection.on(new CredentialStored(OWNER, "c1", "GITHUB_TOKEN", "CI", SEALED, true), T0.plusSeconds(9), 4);
        projection.on(new AgentCredentialStored(OWNER, "a1", "codex", "api_key", null, SEALED, false), T0, 5);
    }

    private List<CredentialSummary> all() {
        return mongo.template.find(new Query().with(Sort.by("_id")), CredentialSummary.class);
    }

    @Test
    void keepsMetadataAndWorkspacesAndRotationResetsCreatedAt() {
        feed();

        assertThat(all())
                .containsExactly(
                        new CredentialSummary(
                                "a1", "u", "agent", null, "codex", "api_key", null, List.of(), T0, false, 5),
                        new CredentialSummary(
                                "c1",
                                "u",
                                "workspace",
                                "GITHUB_TOKEN",
                                null,
                                null,
                                "CI",
                                List.of("w2"),
                                T0.plusSeconds(9),
                                false,
                                4));
    }

    @Test
    void neverStoresTheSealedValue() {
        feed();

        for (Document stored : mongo.template.findAll(Document.class, "credentials")) {
            assertThat(stored.toJson()).doesNotContain(SEALED.ciphertext()).doesNotContain(SEALED.keyId());
        }
    }

    @Test
    void replayingTheSameEventsGivesTheSameDocumentsAndRemovalIsATombstone() {
        feed();
        List<CredentialSummary> once = all();
        feed();
        assertThat(all()).isEqualTo(once);

        projection.on(new CredentialRemoved(OWNER, "c1"), 6);

        assertThat(mongo.template.findById("c1", CredentialSummary.class).deleted())
                .isTrue();
    }
}
