package dev.threadline.e2e;

import static dev.threadline.e2e.LoopbackOpenAiProvider.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.codec.ServerSentEvent;

/**
 * The assembled app configured with {@code threadline.llm.base-url}, talking to an OpenAI-compatible provider on
 * loopback that streams in the real chat-completions format: what the provider is sent, what the client sees over
 * SSE, and what the transcript keeps.
 */
class OpenAiProviderIT {

    private static final String API_KEY = "sk-e2e-" + UUID.randomUUID();
    private static final String CONFIGURED_MODEL = "e2e-model";
    /** Providers name the exact model that answered, e.g. gpt-4o-mini-2024-07-18 for gpt-4o-mini. */
    private static final String ANSWERING_MODEL = "e2e-model-2025-06-01";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static LoopbackOpenAiProvider provider;
    private static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOpenAiProvider();
        app = RunningApp.start(
                dataDirectory,
                Map.of(
                        "threadline.llm.base-url",
                        provider.baseUrl(),
                        "threadline.llm.api-key",
                        API_KEY,
                        "threadline.llm.model",
                        CONFIGURED_MODEL,
                        "threadline.llm.response-timeout",
                        "10s"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        provider.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        provider.reset();
    }

    @AfterEach
    void providerWasAskedForEveryAnswer() {
        assertThat(provider.problems()).isEmpty();
    }

    private static Client newUser() {
        return new Client(app, "user-" + UUID.randomUUID());
    }

    @Test
    void reasoningTextAndUsageStreamToTheClientAndIntoTheTranscript() throws Exception {
        Client alice = newUser();
        String id = alice.startConversation("Greetings");
        provider.willStream(stream(ANSWERING_MODEL)
                .keepAlive()
                .role()
                .reasoning("The user greets me; ")
                .reasoning("answer briefly.")
                .text("Hello")
                .text(", Alice")
                .text("! ✓")
                .finish("stop")
                .usage(12, 7, "0.00021"));

        List<ServerSentEvent<Map<String, Object>>> frames = frames(alice.completeTurn(id, "Hi, I am Alice"));

        assertThat(types(frames).get(0)).isEqualTo("turn_start");
        assertThat(types(frames))
                .containsSubsequence("thinking", "token", "done")
                .doesNotContain("error");
        assertThat(joined(frames, "thinking")).isEqualTo("The user greets me; answer briefly.");
        assertThat(joined(frames, "token")).isEqualTo("Hello, Alice! ✓");
        Map<String, Object> done = last(frames, "done");
        assertThat(done)
                .containsEntry("content", "Hello, Alice! ✓")
                .containsEntry("model", ANSWERING_MODEL)
                .containsKey("message_id");
        assertUsage(done.get("usage"), 12, 7, "0.00021");

        List<Map<String, Object>> messages = alice.messages(id, version(done));
        assertThat(messages).extracting(m -> m.get("role")).containsExactly("user", "assistant");
        Map<String, Object> answer = messages.get(1);
        assertThat(answer)
                .containsEntry("id", done.get("message_id"))
                .containsEntry("content", "Hello, Alice! ✓")
                .containsEntry("model", ANSWERING_MODEL)
                .doesNotContainKey("interrupted");
        assertUsage(answer.get("usage"), 12, 7, "0.00021");
        assertThat(parts(answer)).extracting(p -> p.get("type")).containsExactly("reasoning", "text");
        assertThat(parts(answer).get(0)).containsEntry("content", "The user greets me; answer briefly.");

        assertThat(provider.requests()).hasSize(1);
        LoopbackOpenAiProvider.Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(LoopbackOpenAiProvider.PATH);
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("Accept")).contains("text/event-stream");
        assertThat(request.body().path("model").asText()).isEqualTo(CONFIGURED_MODEL);
        assertThat(request.body().path("stream").isBoolean()).isTrue();
        assertThat(request.body().path("stream").asBoolean()).isTrue();
        assertThat(request.body().path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(request.body().path("messages"))
                .isEqualTo(JSON.readTree("[{\"role\":\"user\",\"content\":\"Hi, I am Alice\"}]"));

        // The recorded answer goes back to the provider as history on the next turn.
        provider.willStream(stream(ANSWERING_MODEL).text("Bye!").finish("stop").usage(30, 2, "0.00003"));

        List<ServerSentEvent<Map<String, Object>>> next = frames(alice.completeTurn(id, "Bye"));

        assertThat(last(next, "done")).containsEntry("content", "Bye!");
        assertThat(provider.requests().get(1).body().path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"user","content":"Hi, I am Alice"},
                         {"role":"assistant","content":"Hello, Alice! ✓"},
                         {"role":"user","content":"Bye"}]"""));
    }

    @Test
    void aToolCallIsReportedAnsweredAndTheProviderAskedAgain() throws Exception {
        Client alice = newUser();
        String id = alice.startConversation("Tools");
        // The app offers the model no tools yet; a call the model makes anyway is answered as unavailable.
        provider.willStream(stream(ANSWERING_MODEL)
                .role()
                .toolCall(0, "call_e2e_1", "word_count")
                .toolArguments(0, "{\"text\":")
                .toolArguments(0, "\"count these words\"}")
                .finish("tool_calls")
                .usage(20, 9, "0.0001"));
        provider.willStream(stream(ANSWERING_MODEL)
                .role()
                .text("I cannot count ")
                .text("them here.")
                .finish("stop")
                .usage(35, 6, "0.0002"));

        List<ServerSentEvent<Map<String, Object>>> frames = frames(alice.completeTurn(id, "Count these words"));

        assertThat(types(frames))
                .containsSubsequence("turn_start", "tool_call", "tool_result", "token", "done")
                .doesNotContain("error");
        assertThat(last(frames, "tool_call"))
                .containsEntry("call_id", "call_e2e_1")
                .containsEntry("tool", "word_count")
                .containsEntry("arguments", Map.of("text", "count these words"));
        String notAvailable = "Tool 'word_count' is not available";
        assertThat(last(frames, "tool_result"))
                .containsEntry("call_id", "call_e2e_1")
                .containsEntry("result", notAvailable)
                .containsEntry("status", "failed");
        assertThat(joined(frames, "token")).isEqualTo("I cannot count them here.");
        Map<String, Object> done = last(frames, "done");
        assertThat(done).containsEntry("content", "I cannot count them here.").containsEntry("model", ANSWERING_MODEL);
        assertUsage(done.get("usage"), 55, 15, "0.0003");

        List<LoopbackOpenAiProvider.Request> requests = provider.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
            assertThat(request.body().path("model").asText()).isEqualTo(CONFIGURED_MODEL);
            assertThat(request.body().path("stream").asBoolean()).isTrue();
        });
        assertThat(requests.get(1).body().path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"user","content":"Count these words"},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"call_e2e_1","type":"function",
                           "function":{"name":"word_count","arguments":"{\\"text\\":\\"count these words\\"}"}}]},
                         {"role":"tool","tool_call_id":"call_e2e_1","content":"Tool 'word_count' is not available"}]\
                        """));

        Map<String, Object> answer = alice.messages(id, version(done)).get(1);
        assertThat(answer)
                .containsEntry("content", "I cannot count them here.")
                .containsEntry("model", ANSWERING_MODEL);
        assertUsage(answer.get("usage"), 55, 15, "0.0003");
        assertThat(parts(answer)).extracting(p -> p.get("type")).containsExactly("tool_call", "text");
        assertThat(parts(answer).get(0))
                .containsEntry("callId", "call_e2e_1")
                .containsEntry("tool", "word_count")
                .containsEntry("arguments", "{\"text\":\"count these words\"}")
                .containsEntry("result", notAvailable)
                .containsEntry("status", "failed");
    }

    @Test
    void aConnectionDroppedMidStreamLeavesAnInterruptedMessageAndTheConversationFree() throws Exception {
        Client alice = newUser();
        String id = alice.startConversation("Dropped");
        provider.willStream(stream(ANSWERING_MODEL)
                .role()
                .text("Half of ")
                .text("an answer")
                .dropConnection());

        List<ServerSentEvent<Map<String, Object>>> frames = frames(alice.completeTurn(id, "Tell me everything"));

        assertThat(types(frames)).containsExactly("turn_start", "token", "token", "error");
        Map<String, Object> error = last(frames, "error");
        assertThat(error)
                .containsEntry("message", "Upstream stream ended unexpectedly")
                .containsEntry("code", "TURN_INTERRUPTED")
                .containsKey("message_id");
        Map<String, Object> answer = alice.messages(id, version(error)).get(1);
        assertThat(answer)
                .containsEntry("id", error.get("message_id"))
                .containsEntry("role", "assistant")
                .containsEntry("content", "Half of an answer")
                .containsEntry("interrupted", true)
                .containsEntry("interruptionReason", "Upstream stream ended unexpectedly");
        assertThat(parts(answer)).extracting(p -> p.get("type")).containsExactly("text");

        provider.willStream(stream(ANSWERING_MODEL).text("Back again.").finish("stop"));

        List<ServerSentEvent<Map<String, Object>>> next = frames(alice.completeTurn(id, "Try again"));

        assertThat(last(next, "done")).containsEntry("content", "Back again.");
        assertThat(provider.requests().get(1).body().path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"user","content":"Tell me everything"},
                         {"role":"assistant","content":"Half of an answer"},
                         {"role":"user","content":"Try again"}]"""));
    }

    @Test
    void anErrorSentMidStreamLeavesAnInterruptedMessage() {
        Client alice = newUser();
        String id = alice.startConversation("Overloaded");
        provider.willStream(stream(ANSWERING_MODEL).role().text("Partial ").error("Provider overloaded"));

        List<ServerSentEvent<Map<String, Object>>> frames = frames(alice.completeTurn(id, "Are you there?"));

        assertThat(types(frames)).containsExactly("turn_start", "token", "error");
        Map<String, Object> error = last(frames, "error");
        assertThat(error)
                .containsEntry("message", "Upstream error: Provider overloaded")
                .containsEntry("code", "TURN_INTERRUPTED");
        Map<String, Object> answer = alice.messages(id, version(error)).get(1);
        assertThat(answer)
                .containsEntry("content", "Partial ")
                .containsEntry("interrupted", true)
                .containsEntry("interruptionReason", "Upstream error: Provider overloaded");
    }

    /** The turn's frames, without heartbeat comments. */
    private static List<ServerSentEvent<Map<String, Object>>> frames(List<ServerSentEvent<Map<String, Object>>> all) {
        assertThat(all).isNotNull();
        List<ServerSentEvent<Map<String, Object>>> frames =
                all.stream().filter(event -> event.event() != null).toList();
        assertThat(frames).allSatisfy(frame -> assertThat(frame.id()).isNotBlank());
        return frames;
    }

    private static List<String> types(List<ServerSentEvent<Map<String, Object>>> frames) {
        return frames.stream().map(ServerSentEvent::event).toList();
    }

    private static String joined(List<ServerSentEvent<Map<String, Object>>> frames, String type) {
        return frames.stream()
                .filter(frame -> type.equals(frame.event()))
                .map(frame -> (String) frame.data().get("content"))
                .collect(Collectors.joining());
    }

    private static Map<String, Object> last(List<ServerSentEvent<Map<String, Object>>> frames, String type) {
        List<ServerSentEvent<Map<String, Object>>> matching =
                frames.stream().filter(frame -> type.equals(frame.event())).toList();
        assertThat(matching).as("%s frames", type).isNotEmpty();
        return matching.get(matching.size() - 1).data();
    }

    private static long version(Map<String, Object> frame) {
        return ((Number) frame.get("version")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parts(Map<String, Object> message) {
        return (List<Map<String, Object>>) message.get("parts");
    }

    private static void assertUsage(Object usage, long promptTokens, long completionTokens, String cost) {
        JsonNode node = JSON.valueToTree(usage);
        assertThat(node.path("promptTokens").asLong()).isEqualTo(promptTokens);
        assertThat(node.path("completionTokens").asLong()).isEqualTo(completionTokens);
        assertThat(node.path("totalTokens").asLong()).isEqualTo(promptTokens + completionTokens);
        assertThat(node.path("cost").decimalValue()).isEqualByComparingTo(cost);
    }
}
