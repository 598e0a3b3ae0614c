package dev.threadline.command.skillpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.threadline.events.DomainException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Skill import against a loopback server that answers like GitHub's trees API and raw host (DOMAIN.md §3.7; §9
 * items 101-102; §7 rules 22-23).
 */
class SkillRepoImporterTest {

    /** Answers by request path: status, body, headers. */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        static Reply ok(String body) {
            return new Reply(200, body, Map.of(), 0);
        }
    }

    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final HttpServer server;
    private final HttpServer elsewhere;
    private final List<String> elsewhereRequests = new CopyOnWriteArrayList<>();

    SkillRepoImporterTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::answer);
        server.start();
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereRequests.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        elsewhere.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requested.add(path);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Reply reply = replies.getOrDefault(path, new Reply(404, "{\"message\":\"Not Found\"}", Map.of(), 0));
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private URI base(String prefix) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    private SkillRepoImporter importer(String token, Duration timeout) {
        return new SkillRepoImporter(
                new GitHubSettings(base("/api"), base("/raw"), token, Duration.ofSeconds(2), timeout),
                new ObjectMapper());
    }

    private SkillRepoImporter importer() {
        return importer(null, Duration.ofSeconds(5));
    }

    private void tree(String branch, String... paths) {
        String entries = java.util.Arrays.stream(paths)
                .map(path -> "{\"path\":\"" + path + "\",\"type\":\"blob\"}")
                .collect(Collectors.joining(","));
        replies.put(
                "/api/repos/acme/skills/git/trees/" + branch,
                Reply.ok("{\"tree\":[{\"path\":\"skills\",\"type\":\"tree\"}," + entries + "],\"truncated\":false}"));
    }

    private void raw(String branch, String path, String body) {
        replies.put("/raw/acme/skills/" + branch + "/" + path, Reply.ok(body));
    }

    static String skillMd(String description) {
        return "---\nname: x\ndescription: \"" + description + "\"\n---\n# Body of " + description + "\n";
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme/skills",
                "  acme/skills  ",
                "https://github.com/acme/skills",
                "HTTP://GitHub.com/acme/skills/",
                "acme/skills.git",
                "https://github.com/acme/skills.git/"
            })
    void acceptsOwnerRepoInItsUsualForms(String input) {
        assertThat(SkillRepoImporter.normalize(input)).isEqualTo("acme/skills");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "acme",
                "acme/skills/extra",
                "acme/../x",
                "./skills",
                "acme/..",
                "ac me/skills",
                "acme/skills?x=1",
                "https://evil.example/acme/skills",
                "acme/skills#x"
            })
    void refusesAnythingButOwnerRepo(String input) {
        assertThatThrownBy(() -> SkillRepoImporter.normalize(input))
                .isInstanceOf(DomainException.class)
                .hasMessage(SkillRepoImporter.BAD_SOURCE);
    }

    @Test
    void findsSkillsOnlyDirectlyUnderTheSkillBasesAndReadsTheirFrontMatterAndTheRepoMarkdown() {
        tree(
                "main",
                "skills/pdf/SKILL.md",
                ".agents/skills/csv/SKILL.md",
                ".claude/skills/docx/SKILL.md",
                "skills/deep/nested/SKILL.md",
                "other/skills/x/SKILL.md",
                "skills/README.md",
                "AGENTS.md");
        raw("main", "skills/pdf/SKILL.md", skillMd("Read PDFs"));
        raw("main", ".agents/skills/csv/SKILL.md", skillMd("CSV files"));
        raw("main", ".claude/skills/docx/SKILL.md", "no front matter");
        raw("main", "AGENTS.md", "Agents guide");

        SkillRepoImporter.SkillRepoImport result = importer().importRepo("https://github.com/acme/skills");

        assertThat(result.source()).isEqualTo("acme/skills");
        assertThat(result.skills())
                .extracting(SkillRepoImporter.ImportedSkill::name)
                .containsExactly("acme/skills/csv", "acme/skills/docx", "acme/skills/pdf");
        assertThat(result.skills().get(2).description()).isEqualTo("Read PDFs");
        assertThat(result.skills().get(2).detail()).contains("# Body of Read PDFs");
        assertThat(result.skills().get(1).description()).isNull();
        assertThat(result.agentsMd()).isEqualTo("Agents guide");
        assertThat(result.claudeMd()).isNull();
        assertThat(result.discovered()).isEqualTo(3);
        assertThat(result.imported()).isEqualTo(3);
    }

    @Test
    void fallsBackToMasterWhenMainIsMissing() {
        tree("master", "skills/pdf/SKILL.md");
        raw("master", "skills/pdf/SKILL.md", skillMd("Read PDFs"));

        assertThat(importer().importRepo("acme/skills").skills()).hasSize(1);
        assertThat(requested)
                .contains("/api/repos/acme/skills/git/trees/main", "/api/repos/acme/skills/git/trees/master");
    }

    @Test
    void importsAtMostSixtySkillsFourAtATime() {
        String[] paths = IntStream.range(0, 75)
                .mapToObj(i -> "skills/s%02d/SKILL.md".formatted(i))
                .toArray(String[]::new);
        tree("main", paths);
        for (String path : paths) {
            replies.put("/raw/acme/skills/main/" + path, new Reply(200, skillMd(path), Map.of(), 30));
        }

        SkillRepoImporter.SkillRepoImport result = importer().importRepo("acme/skills");

        assertThat(result.discovered()).isEqualTo(75);
        assertThat(result.imported()).isEqualTo(60);
        assertThat(result.skills()).hasSize(60);
        assertThat(maxInFlight.get()).isBetween(2, 4);
    }

    @Test
    void tellsRateLimitedFromNotFound() {
        replies.put(
                "/api/repos/acme/skills/git/trees/main", new Reply(403, "{}", Map.of("x-ratelimit-remaining", "0"), 0));
        assertThatThrownBy(() -> importer().importRepo("acme/skills"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(DomainException.Code.RATE_LIMITED))
                .hasMessageContaining("GITHUB_TOKEN");

        replies.put("/api/repos/acme/skills/git/trees/main", new Reply(429, "{}", Map.of(), 0));
        assertThatThrownBy(() -> importer().importRepo("acme/skills"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(DomainException.Code.RATE_LIMITED));

        replies.put("/api/repos/acme/skills/git/trees/main", new Reply(403, "{}", Map.of(), 0));
        assertThatThrownBy(() -> importer().importRepo("acme/skills"))
                .hasMessage("Couldn't find a public GitHub repo acme/skills.");
    }

    @Test
    void aRepoWithoutSkillsSaysWhereSkillsAreExpected() {
        tree("main", "README.md", "src/SKILL.md");

        assertThatThrownBy(() -> importer().importRepo("acme/skills"))
                .hasMessage("No skills found in acme/skills. Expected SKILL.md files at skills/<name>/SKILL.md.");
    }

    @Test
    void sendsTheTokenToThePinnedHostsOnlyWhenConfigured() {
        tree("main", "skills/pdf/SKILL.md");
        raw("main", "skills/pdf/SKILL.md", skillMd("Read PDFs"));

        importer("ghp_test", Duration.ofSeconds(5)).importRepo("acme/skills");
        assertThat(authorizations).isNotEmpty().allMatch("Bearer ghp_test"::equals);

        authorizations.clear();
        importer().importRepo("acme/skills");
        assertThat(authorizations).isNotEmpty().allMatch("null"::equals);
    }

    @Test
    void neverFollowsARedirectOffThePinnedHost() {
        replies.put(
                "/api/repos/acme/skills/git/trees/main",
                new Reply(
                        302,
                        "",
                        Map.of(
                                "Location",
                                "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal"),
                        0));
        replies.put(
                "/api/repos/acme/skills/git/trees/master",
                new Reply(
                        301,
                        "",
                        Map.of(
                                "Location",
                                "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal"),
                        0));

        assertThatThrownBy(() -> importer().importRepo("acme/skills")).isInstanceOf(DomainException.class);
        assertThat(elsewhereRequests).isEmpty();
    }

    @Test
    void aSlowHostTimesOutWithAClearError() {
        replies.put("/api/repos/acme/skills/git/trees/main", new Reply(200, "{\"tree\":[]}", Map.of(), 3000));

        assertThatThrownBy(() -> importer(null, Duration.ofMillis(300)).importRepo("acme/skills"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                        .isEqualTo(DomainException.Code.UPSTREAM_FAILED))
                .hasMessage("GitHub did not answer in time");
    }

    @Test
    void skillIdsThatCouldEscapeTheirDirectoryAreDropped() {
        assertThat(SkillRepoImporter.skillIds(List.of(
                        "skills/../SKILL.md",
                        "skills/./SKILL.md",
                        "skills/" + "x".repeat(81) + "/SKILL.md",
                        "skills/ok/SKILL.md")))
                .containsExactly("ok");
    }
}
