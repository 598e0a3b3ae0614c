package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threadline.e2e.Client.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Rewind, regenerate, mid-message rewind and fork over HTTP against the assembled app. */
class RewindForkIT {

    @TempDir
    static Path dataDirectory;

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(dataDirectory, Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transcript(Client client, String id, long minVersion) {
        return client.get("/api/conversations/" + id + "/messages?minVersion=" + minVersion)
                .body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messagesOf(Map<String, Object> transcript) {
        return (List<Map<String, Object>>) transcript.get("messages");
    }

    /** The transcript once it holds {@code count} messages (a turn's answer is projected after the stream ends). */
    private static Map<String, Object> settled(Client client, String id, int count) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> transcript(client, id, 0),
                        transcript -> messagesOf(transcript).size() == count);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rewindRegenerateAndCutAtASeamAsEvents() {
        Client owner = new Client(app, "rewinder");
        String id = owner.startConversation("Rewinds");
        owner.completeTurn(id, "first question");
        owner.completeTurn(id, "second question");
        Map<String, Object> full = settled(owner, id, 4);
        List<Map<String, Object>> messages = messagesOf(full);
        assertThat(messages).hasSize(4);

        Map<String, Object> seams = (Map<String, Object>) full.get("seams");
        assertThat(seams.get("messageId")).isEqualTo(messages.get(3).get("id"));
        List<Integer> cuts = (List<Integer>) seams.get("keepParts");
        assertThat(cuts).isNotEmpty();
        Answer cut = owner.post(
                "/api/conversations/" + id + "/truncate",
                Map.of("messageId", seams.get("messageId"), "keepParts", cuts.get(0)));
        assertThat(cut.status()).isEqualTo(HttpStatus.OK);
        Map<String, Object> afterCut =
                messagesOf(transcript(owner, id, cut.version())).get(3);
        assertThat((List<?>) afterCut.get("parts")).hasSize(cuts.get(0));

        Answer badCut = owner.post(
                "/api/conversations/" + id + "/truncate",
                Map.of("messageId", messages.get(0).get("id"), "keepParts", 1));
        assertThat(badCut.status()).isEqualTo(HttpStatus.BAD_REQUEST);

        Answer rewound = owner.post(
                "/api/conversations/" + id + "/rewind",
                Map.of("messageId", messages.get(1).get("id")));
        assertThat(messagesOf(transcript(owner, id, rewound.version())))
                .extracting(message -> message.get("id"))
                .containsExactly(messages.get(0).get("id"), messages.get(1).get("id"));

        // Time travel: the log still holds what the rewind dropped.
        List<Map<String, Object>> versions = owner.list("/api/conversations/" + id + "/versions");
        assertThat(versions).extracting(version -> version.get("event")).contains("ConversationRewound");
        long beforeRewind = ((Number) versions.get(versions.size() - 2).get("version")).longValue();
        assertThat((List<?>) owner.get("/api/conversations/" + id + "/versions/" + beforeRewind)
                        .body()
                        .get("messages"))
                .hasSize(4);
        assertThat(new Client(app, "time-traveller")
                        .get("/api/conversations/" + id + "/versions")
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // The rewind history names what each rewind dropped; a fork just before it gets it back.
        List<Map<String, Object>> rewinds = owner.list("/api/conversations/" + id + "/rewinds");
        assertThat(rewinds)
                .extracting(rewind -> rewind.get("event"))
                .containsExactly("AssistantMessageTruncated", "ConversationRewound");
        long rewoundAt = ((Number) rewinds.get(1).get("version")).longValue();
        Answer restored = owner.post("/api/conversations/" + id + "/forks", Map.of("version", rewoundAt - 1));
        assertThat(messagesOf(transcript(owner, restored.id(), restored.version())))
                .hasSize(4);

        Answer regenerated = owner.post(
                "/api/conversations/" + id + "/rewind",
                Map.of("messageId", messages.get(1).get("id"), "inclusive", true));
        assertThat(messagesOf(transcript(owner, id, regenerated.version()))).hasSize(1);

        // The agent no longer sees what was rewound away: a new turn answers the new question at position 2.
        owner.completeTurn(id, "a different second question");
        List<Map<String, Object>> now = messagesOf(settled(owner, id, 3));
        assertThat(now).extracting(message -> message.get("position")).containsExactly(1, 2, 3);
        assertThat(now.get(1).get("content")).isEqualTo("a different second question");

        Client stranger = new Client(app, "rewind-stranger");
        assertThat(stranger.post("/api/conversations/" + id + "/rewind", Map.of("messageId", "whatever"))
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void undoTheLatestRewindUntilSomethingIsAddedThenForkFromBeforeIt() {
        Client owner = new Client(app, "undoer");
        String id = owner.startConversation("Undo");
        owner.completeTurn(id, "first question");
        owner.completeTurn(id, "second question");
        List<Map<String, Object>> original = messagesOf(settled(owner, id, 4));
        String undo = "/api/conversations/" + id + "/rewinds/latest/undo";

        Answer rewound = owner.post(
                "/api/conversations/" + id + "/rewind",
                Map.of("messageId", original.get(1).get("id")));
        assertThat(messagesOf(transcript(owner, id, rewound.version()))).hasSize(2);
        assertThat(new Client(app, "undo-stranger").post(undo, Map.of()).status())
                .isEqualTo(HttpStatus.NOT_FOUND);

        Answer undone = owner.post(undo, Map.of());
        assertThat(undone.status()).isEqualTo(HttpStatus.OK);
        assertThat(messagesOf(transcript(owner, id, undone.version()))).isEqualTo(original);
        assertThat(owner.get("/api/conversations/" + id + "?minVersion=" + undone.version())
                        .body())
                .containsEntry("messageCount", 4);
        List<Map<String, Object>> rewinds = owner.list("/api/conversations/" + id + "/rewinds");
        assertThat(rewinds).hasSize(1);
        assertThat(rewinds.get(0))
                .containsEntry(
                        "dropped",
                        List.of(original.get(2).get("id"), original.get(3).get("id")))
                .containsEntry("undoneAt", (int) undone.version());

        Answer nothingLeft = owner.post(undo, Map.of());
        assertThat(nothingLeft.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(nothingLeft.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) nothingLeft.body().get("detail")).startsWith("Nothing to undo");

        // Regenerate the second answer, then ask again: the new answer makes the regenerate final.
        Answer regenerated = owner.post(
                "/api/conversations/" + id + "/rewind",
                Map.of("messageId", original.get(2).get("id"), "inclusive", true));
        owner.completeTurn(id, "second question, differently");
        settled(owner, id, 4);
        Answer refused = owner.post(undo, Map.of());
        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) refused.body().get("detail"))
                .contains("can no longer be undone")
                .contains("{\"version\": " + (regenerated.version() - 1) + "}");

        // The hint works: a fork as it was just before the regenerate has the original four messages.
        Answer fork = owner.post("/api/conversations/" + id + "/forks", Map.of("version", regenerated.version() - 1));
        assertThat(messagesOf(transcript(owner, fork.id(), fork.version())))
                .extracting(message -> message.get("content"))
                .containsExactlyElementsOf(
                        original.stream().map(message -> message.get("content")).toList());
    }

    @Test
    void aForkCopiesUpToItsPointAndLeavesTheSourceAlone() {
        Client owner = new Client(app, "forker");
        String source = owner.startConversation("Recipes");
        owner.completeTurn(source, "soup?");
        owner.completeTurn(source, "bread?");
        List<Map<String, Object>> original = messagesOf(settled(owner, source, 4));

        Answer fork = owner.post(
                "/api/conversations/" + source + "/forks",
                Map.of("messageId", original.get(1).get("id")));
        assertThat(fork.status()).isEqualTo(HttpStatus.CREATED);
        List<Map<String, Object>> copied = messagesOf(transcript(owner, fork.id(), fork.version()));
        assertThat(copied)
                .extracting(message -> message.get("content"))
                .containsExactly(original.get(0).get("content"), original.get(1).get("content"));
        assertThat(copied.get(0).get("id")).isNotEqualTo(original.get(0).get("id"));
        assertThat(owner.get("/api/conversations/" + fork.id() + "?minVersion=" + fork.version())
                        .body())
                .containsEntry("title", "Recipes (fork)");

        Answer cutFork = owner.post(
                "/api/conversations/" + source + "/forks",
                Map.of("messageId", original.get(3).get("id"), "keepParts", 1));
        List<Map<String, Object>> cutCopy = messagesOf(transcript(owner, cutFork.id(), cutFork.version()));
        assertThat(cutCopy).hasSize(4);
        assertThat((List<?>) cutCopy.get(3).get("parts")).hasSize(1);
        assertThat(owner.get("/api/conversations/" + cutFork.id() + "?minVersion=" + cutFork.version())
                        .body())
                .containsEntry("title", "Recipes (fork 2)");

        Answer branch = owner.post(
                "/api/conversations/" + source + "/branches",
                Map.of("messageId", original.get(2).get("id"), "content", "rye bread?"));
        assertThat(messagesOf(transcript(owner, branch.id(), branch.version())))
                .extracting(message -> message.get("content"))
                .containsExactly(original.get(0).get("content"), original.get(1).get("content"), "rye bread?");
        assertThat(owner.post(
                                "/api/conversations/" + source + "/branches",
                                Map.of("messageId", original.get(1).get("id"), "content", "x"))
                        .status())
                .isEqualTo(HttpStatus.BAD_REQUEST);

        assertThat(messagesOf(transcript(owner, source, 0))).isEqualTo(original);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> tree =
                    owner.get("/api/conversations/" + cutFork.id() + "/lineage").body();
            assertThat(tree).containsEntry("id", source);
            assertThat((List<?>) tree.get("children")).hasSize(3);
        });
        assertThat(owner.post("/api/conversations/" + source + "/forks", Map.of("messageId", "not-here"))
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(new Client(app, "fork-stranger")
                        .post("/api/conversations/" + source + "/forks", Map.of())
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aCompactionCanBeClonedIntoANewSessionAndForksNeverCopyIt() {
        Client owner = new Client(app, "compactor");
        String source = owner.startConversation("Research");
        owner.completeTurn(source, "summarise the papers");
        settled(owner, source, 2);

        Answer compaction = owner.post(
                "/api/conversations/" + source + "/compactions",
                Map.of("summary", "We read three papers.", "trigger", "manual", "atMessageCount", 2));
        assertThat(compaction.status()).isEqualTo(HttpStatus.CREATED);
        List<Map<String, Object>> listed = await().atMost(Duration.ofSeconds(10))
                .until(() -> owner.list("/api/conversations/" + source + "/compactions"), list -> list.size() == 1);
        assertThat(listed.get(0))
                .containsEntry("summary", "We read three papers.")
                .containsEntry("trigger", "manual");

        Answer clone = owner.post("/api/compactions/" + compaction.id() + "/clone", Map.of());
        assertThat(clone.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(owner.get("/api/conversations/" + clone.id() + "?minVersion=" + clone.version())
                        .body())
                .containsEntry("title", "Session from summary of Research");
        assertThat(messagesOf(transcript(owner, clone.id(), clone.version())))
                .extracting(message -> message.get("content"))
                .containsExactly("We read three papers.");

        Answer fork = owner.post("/api/conversations/" + source + "/forks", Map.of());
        transcript(owner, fork.id(), fork.version());
        assertThat(owner.list("/api/conversations/" + fork.id() + "/compactions"))
                .isEmpty();
        assertThat(new Client(app, "compaction-stranger")
                        .post("/api/compactions/" + compaction.id() + "/clone", Map.of())
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
