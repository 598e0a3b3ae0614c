package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threadline.e2e.Client.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/** Workspaces, harnesses, skill packs and settings over HTTP against the assembled app (issue: configuration). */
class ConfigurationFlowIT {

    static final String MCP_TOKEN = "mcp-token-7f3a9c1e-never-stored-in-clear";
    static final String CREDENTIAL_VALUE = "ghp_credential-0b5d2e44-never-stored-in-clear";

    @TempDir
    static Path dataDirectory;

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(dataDirectory, Map.of());
    }

    @AfterAll
    static void stop() throws IOException {
        app.close();
        // Nothing the store wrote to disk holds a secret in clear: events carry ciphertext only.
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content)
                        .as(file.toString())
                        .doesNotContain(MCP_TOKEN)
                        .doesNotContain(CREDENTIAL_VALUE);
            }
        }
    }

    private static Map<String, Object> harness(String name, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    @Test
    void harnessesKeepMcpTokensWriteOnly() {
        Client owner = new Client(app, "harness-owner");
        Answer created = owner.post(
                "/api/harnesses",
                harness(
                        "Researcher",
                        "model",
                        "gpt-5.5",
                        "systemPrompt",
                        "Be brief.",
                        "mcpServers",
                        List.of(Map.of(
                                "name",
                                "github",
                                "url",
                                "https://mcp.example/gh",
                                "authType",
                                "bearer",
                                "authToken",
                                MCP_TOKEN))));
        assertThat(created.status()).isEqualTo(HttpStatus.CREATED);

        Answer read = owner.get("/api/harnesses/" + created.id() + "?minVersion=0");
        assertThat(read.status()).isEqualTo(HttpStatus.OK);
        assertThat(read.body()).containsEntry("name", "Researcher").containsEntry("model", "gpt-5.5");
        assertThat(read.body().toString()).doesNotContain(MCP_TOKEN).doesNotContain("authToken");
        assertThat(read.body().get("mcpServers").toString()).contains("hasAuth=true");

        Answer tooLong = owner.patch("/api/harnesses/" + created.id(), Map.of("systemPrompt", "x".repeat(4001)));
        assertThat(tooLong.status().is4xxClientError()).isTrue();
        assertThat(tooLong.body()).containsEntry("detail", "System prompt must be at most 4000 characters");

        Answer copy = owner.post("/api/harnesses/" + created.id() + "/duplicate", Map.of());
        assertThat(owner.get("/api/harnesses/" + copy.id() + "?minVersion=0").body())
                .containsEntry("name", "Copy of Researcher");

        Client stranger = new Client(app, "harness-stranger");
        assertThat(stranger.get("/api/harnesses/" + created.id()).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stranger.patch("/api/harnesses/" + created.id(), Map.of("name", "Mine"))
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void workspacesHaveOneUndeletableDefaultAnOrderAndTakeTheirConversationsWithThem() {
        Client owner = new Client(app, "workspace-owner");
        String harnessId = owner.post("/api/harnesses", harness("Writer")).id();
        String otherHarness = owner.post("/api/harnesses", harness("Coder")).id();

        Answer first = owner.post("/api/workspaces/default", Map.of());
        Answer again = owner.post("/api/workspaces/default", Map.of());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(owner.delete("/api/workspaces/" + first.id()).status()).isEqualTo(HttpStatus.CONFLICT);

        Answer named = owner.post("/api/workspaces", Map.of("harnessId", harnessId));
        long version = named.version();
        List<Map<String, Object>> listed = owner.list("/api/workspaces?minVersion=" + version);
        assertThat(listed).extracting(w -> w.get("name")).containsExactlyInAnyOrder("Default", "Writer");
        assertThat(owner.patch("/api/workspaces/" + named.id(), Map.of("name", " "))
                        .body())
                .containsEntry("detail", "Workspace name is required");

        Answer reordered = owner.put("/api/workspaces/order", Map.of("workspaceIds", List.of(named.id())));
        assertThat(owner.list("/api/workspaces?minVersion=" + reordered.version()))
                .extracting(w -> w.get("id"))
                .containsExactly(named.id(), first.id());

        Answer mismatch = owner.post(
                "/api/conversations", Map.of("title", "x", "workspaceId", named.id(), "harnessId", otherHarness));
        assertThat(mismatch.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(mismatch.body()).containsEntry("detail", "Workspace harness mismatch");
        Client stranger = new Client(app, "workspace-stranger");
        assertThat(stranger.post("/api/conversations", Map.of("harnessId", harnessId))
                        .body())
                .containsEntry("detail", "Harness not found");
        assertThat(stranger.post("/api/conversations", Map.of("workspaceId", named.id()))
                        .body())
                .containsEntry("detail", "Workspace not found");
        String strangers = stranger.startConversation("Theirs");
        assertThat(stranger.post("/api/conversations/" + strangers + "/move", Map.of("workspaceId", named.id()))
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);

        Answer conversation = owner.post(
                "/api/conversations", Map.of("title", "Kept", "workspaceId", named.id(), "harnessId", harnessId));
        assertThat(conversation.status()).isEqualTo(HttpStatus.CREATED);
        String loose = owner.startConversation("Loose");
        Answer adopted = owner.post("/api/conversations/" + loose + "/adopt", Map.of());
        assertThat(adopted.id()).isEqualTo(first.id());
        Answer moved = owner.post("/api/conversations/" + loose + "/move", Map.of("workspaceId", named.id()));
        assertThat(owner.get("/api/conversations/" + loose + "?minVersion=" + moved.version())
                        .body())
                .containsEntry("workspaceId", named.id());

        assertThat(owner.delete("/api/workspaces/" + named.id()).status()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(owner.get("/api/conversations/" + conversation.id()).status())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(owner.get("/api/conversations/" + loose).status()).isEqualTo(HttpStatus.NOT_FOUND);
        });
    }

    @Test
    void aRemovedSkillPackLeavesTheHarnessesThatListedIt() {
        Client owner = new Client(app, "pack-owner");
        Answer pack =
                owner.post("/api/skill-packs", Map.of("name", "House style", "agentsMd", "Use British spelling."));
        assertThat(pack.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(owner.get("/api/skill-packs/" + pack.id() + "?minVersion=" + pack.version())
                        .body())
                .containsEntry("agentsMd", "Use British spelling.");
        String harnessId = owner.post("/api/harnesses", harness("Writer", "skillPackIds", List.of(pack.id())))
                .id();

        owner.delete("/api/skill-packs/" + pack.id());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        owner.get("/api/harnesses/" + harnessId).body().get("skillPackIds"))
                .isEqualTo(List.of()));
        assertThat(new Client(app, "pack-stranger")
                        .get("/api/skill-packs/" + pack.id())
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void settingsStartAtTheDefaultsAndChangeOnlyWhatIsGiven() {
        Client owner = new Client(app, "settings-owner");
        assertThat(owner.get("/api/settings").body())
                .containsEntry("rewindSeams", true)
                .containsEntry("displayMode", "standard");

        Answer changed = owner.patch("/api/settings", Map.of("rewindSeams", false));
        assertThat(owner.get("/api/settings?minVersion=" + changed.version()).body())
                .containsEntry("rewindSeams", false)
                .containsEntry("displayMode", "standard");
        assertThat(new Client(app, "settings-other").get("/api/settings").body())
                .containsEntry("rewindSeams", true);
        assertThat(owner.patch("/api/settings", Map.of("displayMode", "loud")).status())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void credentialsAreWriteOnlyAndFollowTheirWorkspaces() {
        Client owner = new Client(app, "credential-owner");
        String workspace =
                owner.post("/api/workspaces", Map.of("name", "Deploys")).id();

        Answer reserved = owner.post("/api/credentials", Map.of("name", "PATH", "value", "x"));
        assertThat(reserved.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(reserved.body().get("detail").toString()).contains("'PATH' is a reserved name");
        assertThat(owner.post("/api/credentials", Map.of("name", "GITHUB_TOKEN\n", "value", "x"))
                        .status())
                .isEqualTo(HttpStatus.BAD_REQUEST);

        Answer stored = owner.post(
                "/api/credentials", Map.of("name", "GITHUB_TOKEN", "value", CREDENTIAL_VALUE, "label", "CI bot"));
        assertThat(stored.status()).isEqualTo(HttpStatus.CREATED);
        Answer assigned = owner.put("/api/credentials/" + stored.id() + "/workspaces/" + workspace, Map.of());
        assertThat(assigned.status()).isEqualTo(HttpStatus.OK);
        Answer rotated =
                owner.post("/api/credentials", Map.of("name", "GITHUB_TOKEN", "value", CREDENTIAL_VALUE + "-2"));
        assertThat(rotated.id()).isEqualTo(stored.id());

        List<Map<String, Object>> listed = owner.list("/api/credentials?minVersion=" + rotated.version());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0))
                .containsEntry("name", "GITHUB_TOKEN")
                .containsEntry("label", "CI bot")
                .containsEntry("workspaceCount", 1);
        assertThat(listed.toString()).doesNotContain(CREDENTIAL_VALUE).doesNotContain("ciphertext");
        assertThat(owner.list("/api/credentials?workspaceId=" + workspace)).hasSize(1);

        Client stranger = new Client(app, "credential-stranger");
        assertThat(stranger.list("/api/credentials")).isEmpty();
        assertThat(stranger.put("/api/credentials/" + stored.id() + "/workspaces/" + workspace, Map.of())
                        .status())
                .isEqualTo(HttpStatus.NOT_FOUND);

        owner.delete("/api/workspaces/" + workspace);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(owner.list("/api/credentials"))
                .singleElement()
                .satisfies(credential -> assertThat(credential).containsEntry("workspaceCount", 0)));
    }
}
