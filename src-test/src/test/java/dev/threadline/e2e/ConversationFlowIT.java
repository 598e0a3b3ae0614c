package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The conversation scenario over HTTP against the assembled app on its embedded default store. */
class ConversationFlowIT extends ConversationScenarioTests {

    @TempDir
    static Path dataDirectory;

    private static RunningApp app;
    private static ConversationScenario scenario;

    @BeforeAll
    static void start() {
        app = RunningApp.start(dataDirectory, Map.of());
        scenario = new ConversationScenario(app);
    }

    @Override
    ConversationScenario scenario() {
        return scenario;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everythingButHealthNeedsAToken() {
        Map<?, ?> health = app.http
                .get()
                .uri("/actuator/health")
                .retrieve()
                .bodyToMono(Map.class)
                .block();
        assertThat(health.get("status")).isEqualTo("UP");
        assertThat(health.containsKey("components")).isFalse(); // no paths or store details for anonymous callers
        Map<String, Object> detailed =
                new Client(app, "operator").get("/actuator/health").body();
        assertThat(detailed.get("components")).asInstanceOf(MAP).containsKey("store");

        var anonymous = app.http
                .get()
                .uri("/api/conversations")
                .exchangeToMono(response -> response.toEntity(String.class))
                .block();
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

        var forged = app.http
                .get()
                .uri("/api/conversations")
                .header("Authorization", "Bearer not-a-token")
                .exchangeToMono(response -> response.toEntity(String.class))
                .block();
        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentAsksForABearerTokenAndNeverForTheCaller() {
        Map<String, Object> document = app.http
                .get()
                .uri("/v3/api-docs")
                .retrieve()
                .bodyToMono(Map.class)
                .block();

        Map<String, Object> schemes =
                (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("securitySchemes");
        assertThat((Map<String, Object>) schemes.get("bearer")).containsEntry("scheme", "bearer");
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        assertThat(paths).containsKeys("/api/conversations", "/api/conversations/{id}/turns");
        Map<String, Object> post =
                (Map<String, Object>) ((Map<String, Object>) paths.get("/api/conversations/{id}/messages")).get("post");
        assertThat((List<Map<String, Object>>) post.get("parameters"))
                .extracting(parameter -> parameter.get("name"))
                .containsExactly("id");
    }

    @Test
    void malformedInputGetsAProblemNotAServerError() {
        Client alice = new Client(app, "malformed");
        String id = alice.startConversation("Input");
        var broken = app.http
                .post()
                .uri("/api/conversations/" + id + "/messages")
                .header("Authorization", "Bearer " + app.tokenFor("malformed"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json")
                .exchangeToMono(response -> response.toEntity(Map.class))
                .block();
        assertThat(broken.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(broken.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(alice.post("/api/conversations/" + id + "/messages", Map.of())
                        .status())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(alice.get("/api/conversations?limit=0").status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(alice.get("/api/conversations?cursor=%%%").status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(alice.patch("/api/conversations/" + id, Map.of()).status()).isEqualTo(HttpStatus.BAD_REQUEST);
        List<?> none = alice.messages(id, 0);
        assertThat(none).isEmpty();
    }
}
