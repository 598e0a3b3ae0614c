package dev.threadline.command.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.agent.AgentEvent.Finished;
import dev.threadline.command.agent.AgentEvent.ReasoningDelta;
import dev.threadline.command.agent.AgentEvent.TextDelta;
import dev.threadline.command.agent.AgentEvent.ToolCalled;
import dev.threadline.command.agent.AgentEvent.ToolReturned;
import dev.threadline.command.agent.AgentEvent.UsageReported;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

class OpenAiCompatibleAgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(15);
    private static final String TOOL_UNAVAILABLE = "Tool 'search' is not available";

    private FakeOpenAiServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
        assertThat(server.scriptFailures()).isEmpty();
    }

    @Test
    void streamsReasoningAndTextInOrderAndSendsTheRequest() throws Exception {
        server.enqueue(r -> {
            r.startStream();
            r.raw(": OPENROUTER PROCESSING\n\n");
            r.data(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            r.data(chunk("{\"reasoning\":\"Let me think\"}", null));
            r.data(chunk("{\"reasoning_content\":\" harder\"}", null));
            r.data(chunk("{\"content\":\"Hel\"}", null));
            // one event split in the middle of its line, inside the three UTF-8 bytes of the check mark
            String split = "data: " + chunk("{\"content\":\"lo wörld ✓\"}", null) + "\n\n";
            r.split(split, split.indexOf('✓') + 1);
            r.raw("\n");
            r.data(chunk("{}", "\"stop\""));
            r.data(usageChunk(12, 5, 17, null));
            r.done();
        });
        var request = new AgentRequest(
                ConversationId.random(),
                "openai/gpt-test",
                "You are terse.",
                List.of(
                        new AgentMessage(Role.USER, "Hi"),
                        new AgentMessage(Role.ASSISTANT, "Hello!"),
                        new AgentMessage(Role.USER, "Say hello world")));

        StepVerifier.create(agent("sk-secret-key").run(request))
                .expectNext(new ReasoningDelta("Let me think"))
                .expectNext(new ReasoningDelta(" harder"))
                .expectNext(new TextDelta("Hel"))
                .expectNext(new TextDelta("lo wörld ✓"))
                .expectNext(new UsageReported(new Usage(12, 5, 17, null)))
                .expectNext(new Finished("provider/answering-model", "stop"))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(server.received()).hasSize(1);
        FakeOpenAiServer.Received received = server.received().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/v1/chat/completions");
        assertThat(received.header("Authorization")).isEqualTo("Bearer sk-secret-key");
        assertThat(received.header("Content-Type")).startsWith("application/json");
        assertThat(received.header("Accept")).contains("text/event-stream");
        JsonNode body = JSON.readTree(received.body());
        assertThat(body.path("model").asText()).isEqualTo("openai/gpt-test");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(body.path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"system","content":"You are terse."},
                         {"role":"user","content":"Hi"},
                         {"role":"assistant","content":"Hello!"},
                         {"role":"user","content":"Say hello world"}]"""));
    }

    @Test
    void usesTheDefaultModelAndNoAuthorizationWithoutAKey() throws Exception {
        server.enqueue(r -> {
            r.startStream();
            r.data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}");
            r.done();
        });
        var request = new AgentRequest(ConversationId.random(), null, null, List.of(new AgentMessage(Role.USER, "Hi")));

        StepVerifier.create(agent("").run(request))
                .expectNext(new TextDelta("ok"))
                .expectNext(new Finished("default-model", "stop"))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        FakeOpenAiServer.Received received = server.received().get(0);
        assertThat(received.header("Authorization")).isNull();
        JsonNode body = JSON.readTree(received.body());
        assertThat(body.path("model").asText()).isEqualTo("default-model");
        assertThat(body.path("messages")).isEqualTo(JSON.readTree("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
    }

    @Test
    void answersAToolCallWhoseArgumentsArriveInFragmentsAndAsksAgain() throws Exception {
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"search\",\"arguments\":\"{\\\"q\\\":\"}}]}",
                    null));
            r.data(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"thread\"}}]}", null));
            r.data(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"line\\\"}\"}}]}", null));
            r.data(chunk("{}", "\"tool_calls\""));
            r.done();
        });
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Found it.\"}", null));
            r.data(chunk("{}", "\"stop\""));
            r.done();
        });

        StepVerifier.create(agent("k").run(userAsks("Find threadline")))
                .expectNext(new ToolCalled("call_1", "search", "{\"q\":\"threadline\"}"))
                .expectNext(new ToolReturned("call_1", TOOL_UNAVAILABLE, ToolStatus.FAILED))
                .expectNext(new TextDelta("Found it."))
                .expectNext(new Finished("provider/answering-model", "stop"))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(server.received()).hasSize(2);
        JsonNode second = JSON.readTree(server.received().get(1).body());
        assertThat(second.path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"user","content":"Find threadline"},
                         {"role":"assistant","content":null,"tool_calls":[
                           {"id":"call_1","type":"function",
                            "function":{"name":"search","arguments":"{\\"q\\":\\"threadline\\"}"}}]},
                         {"role":"tool","tool_call_id":"call_1","content":"Tool 'search' is not available"}]"""));
    }

    @Test
    void sumsUsageOverAllRequestsOfTheTurn() throws Exception {
        // first request: two parallel calls whose fragments interleave, and some text before them
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Checking.\"}", null));
            r.data(chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"search\",\"arguments\":\"\"}},"
                            + "{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"fetch\",\"arguments\":\"{\\\"u\"}}]}",
                    null));
            r.data(chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"rl\\\":1}\"}}]}", null));
            r.data(chunk("{}", "\"tool_calls\""));
            r.data(usageChunk(100, 20, 120, "0.0015"));
            r.done();
        });
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"search\",\"arguments\":\"{}\"}}]}",
                    "\"tool_calls\""));
            r.data(usageChunk(150, 10, 160, "0.0020"));
            r.done();
        });
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Done.\"}", "\"stop\""));
            r.data(usageChunk(200, 5, 205, "0.0025"));
            r.done();
        });

        StepVerifier.create(agent("k").run(userAsks("Go")))
                .expectNext(new TextDelta("Checking."))
                .expectNext(new UsageReported(new Usage(100, 20, 120, new BigDecimal("0.0015"))))
                .expectNext(new ToolCalled("a", "search", "{}"))
                .expectNext(new ToolCalled("b", "fetch", "{\"url\":1}"))
                .expectNext(new ToolReturned("a", TOOL_UNAVAILABLE, ToolStatus.FAILED))
                .expectNext(new ToolReturned("b", "Tool 'fetch' is not available", ToolStatus.FAILED))
                .expectNext(new UsageReported(new Usage(250, 30, 280, new BigDecimal("0.0035"))))
                .expectNext(new ToolCalled("c", "search", "{}"))
                .expectNext(new ToolReturned("c", TOOL_UNAVAILABLE, ToolStatus.FAILED))
                .expectNext(new TextDelta("Done."))
                .expectNext(new UsageReported(new Usage(450, 35, 485, new BigDecimal("0.0060"))))
                .expectNext(new Finished("provider/answering-model", "stop"))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(server.received()).hasSize(3);
        JsonNode second = JSON.readTree(server.received().get(1).body()).path("messages");
        assertThat(second.get(1).path("content").asText()).isEqualTo("Checking.");
        assertThat(second.get(1).path("tool_calls")).hasSize(2);
        assertThat(second.get(2).path("tool_call_id").asText()).isEqualTo("a");
        assertThat(second.get(3).path("tool_call_id").asText()).isEqualTo("b");
        JsonNode third = JSON.readTree(server.received().get(2).body()).path("messages");
        assertThat(third).hasSize(6);
    }

    @Test
    void anAnswerCutOffAtTheOutputLimitIsSentBackAndTheModelCarriesOn() throws Exception {
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Once upon\"}", null));
            r.data(chunk("{}", "\"length\""));
            r.done();
        });
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\" a time\"}", "\"length\""));
            r.done();
        });
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\".\"}", "\"stop\""));
            r.done();
        });

        StepVerifier.create(agent("k").run(userAsks("Tell a story")))
                .expectNext(new TextDelta("Once upon"))
                .expectNext(new TextDelta(" a time"))
                .expectNext(new TextDelta("."))
                .expectNext(new Finished("provider/answering-model", "stop"))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(JSON.readTree(server.received().get(1).body()).path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"user","content":"Tell a story"},
                         {"role":"assistant","content":"Once upon"}]"""));
        // The answer so far grows in one assistant message: no two in a row.
        assertThat(JSON.readTree(server.received().get(2).body()).path("messages"))
                .isEqualTo(
                        JSON.readTree(
                                """
                        [{"role":"user","content":"Tell a story"},
                         {"role":"assistant","content":"Once upon a time"}]"""));
    }

    @Test
    void givesUpAfterTwentyAnswersInARowCutOffAtTheOutputLimit() {
        enqueueCutOffAnswers(OpenAiCompatibleAgent.MAX_TRUNCATIONS_IN_A_ROW);

        StepVerifier.create(agent("k").run(userAsks("Never stop")))
                .expectNextCount(OpenAiCompatibleAgent.MAX_TRUNCATIONS_IN_A_ROW)
                .expectErrorSatisfies(e -> {
                    assertFailure(e, "Response repeatedly truncated");
                    assertThat(((AgentFailure) e).savedReason())
                            .isEqualTo("Response repeatedly hit max_tokens (20× in a row) without making progress");
                })
                .verify(VERIFY_TIMEOUT);
        assertThat(server.received()).hasSize(OpenAiCompatibleAgent.MAX_TRUNCATIONS_IN_A_ROW);
    }

    @Test
    void aToolCallBetweenCutOffAnswersStartsTheCountAgain() throws Exception {
        int almostTooMany = OpenAiCompatibleAgent.MAX_TRUNCATIONS_IN_A_ROW - 1;
        enqueueCutOffAnswers(almostTooMany);
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk(
                    "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"search\",\"arguments\":\"{}\"}}]}",
                    "\"length\""));
            r.done();
        });
        enqueueCutOffAnswers(almostTooMany);
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"The end.\"}", "\"stop\""));
            r.done();
        });

        StepVerifier.create(agent("k").run(userAsks("Write a long one")))
                .expectNextCount(almostTooMany + 2L + almostTooMany)
                .expectNext(new TextDelta("The end."))
                .expectNext(new Finished("provider/answering-model", "stop"))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        // The tool calls go on the message the cut-off answers built; what follows the results is a new one.
        JsonNode last = JSON.readTree(
                        server.received().get(2 * almostTooMany + 1).body())
                .path("messages");
        assertThat(last).hasSize(4);
        assertThat(last.get(1).path("content").asText()).isEqualTo("and so on ".repeat(almostTooMany));
        assertThat(last.get(1).path("tool_calls")).hasSize(1);
        assertThat(last.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(last.get(3).path("content").asText()).isEqualTo("and so on ".repeat(almostTooMany));
    }

    private void enqueueCutOffAnswers(int count) {
        for (int i = 0; i < count; i++) {
            server.enqueue(r -> {
                r.startStream();
                r.data(chunk("{\"content\":\"and so on \"}", "\"length\""));
                r.done();
            });
        }
    }

    @Test
    void failsAfterTheMaximumNumberOfToolIterations() {
        for (int i = 0; i < 3; i++) {
            String id = "call_" + i;
            server.enqueue(r -> {
                r.startStream();
                r.data(chunk(
                        "{\"tool_calls\":[{\"index\":0,\"id\":\"" + id
                                + "\",\"function\":{\"name\":\"search\",\"arguments\":\"{}\"}}]}",
                        "\"tool_calls\""));
                r.done();
            });
        }
        var agent = new OpenAiCompatibleAgent(settings("k", Duration.ofSeconds(5)), WebClient.builder(), 3);

        StepVerifier.create(agent.run(userAsks("Loop forever")))
                .expectNext(new ToolCalled("call_0", "search", "{}"))
                .expectNext(new ToolReturned("call_0", TOOL_UNAVAILABLE, ToolStatus.FAILED))
                .expectNext(new ToolCalled("call_1", "search", "{}"))
                .expectNext(new ToolReturned("call_1", TOOL_UNAVAILABLE, ToolStatus.FAILED))
                .expectNext(new ToolCalled("call_2", "search", "{}"))
                .expectNext(new ToolReturned("call_2", TOOL_UNAVAILABLE, ToolStatus.FAILED))
                .expectErrorSatisfies(e -> {
                    assertFailure(e, "Max tool call iterations reached");
                    assertThat(((AgentFailure) e).savedReason()).isEqualTo("Max tool call iterations (3) reached");
                })
                .verify(VERIFY_TIMEOUT);
        assertThat(server.received()).hasSize(3);
    }

    @Test
    void makesAtMost120RequestsPerTurn() throws Exception {
        for (int i = 0; i < 121; i++) {
            server.enqueue(r -> {
                r.startStream();
                r.data(chunk(
                        "{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"search\",\"arguments\":\"{}\"}}]}",
                        "\"tool_calls\""));
                r.done();
            });
        }

        StepVerifier.create(agent("k").run(userAsks("Loop forever")))
                .expectNextCount(240)
                .expectErrorSatisfies(e -> assertFailure(e, "Max tool call iterations reached"))
                .verify(Duration.ofSeconds(60));
        assertThat(server.received()).hasSize(OpenAiCompatibleAgent.MAX_ITERATIONS);
        // calls without an id get one, so the tool results can refer to them
        JsonNode last = JSON.readTree(server.received().get(119).body()).path("messages");
        assertThat(last.get(last.size() - 1).path("tool_call_id").asText()).isEqualTo("call_119_0");
    }

    @Test
    void aJsonErrorWithASuccessStatusFails() {
        server.enqueue(r -> r.status(200, "{\"error\":{\"message\":\"Invalid model\",\"code\":400}}"));

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream error: Invalid model"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void reportsAnHttpErrorWithTheProvidersMessage() {
        server.enqueue(r -> r.status(500, "{\"error\":{\"message\":\"Provider exploded\",\"code\":500}}"));

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream service error (500): Provider exploded"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void truncatesALongProviderMessageAndIgnoresNonJsonBodies() {
        server.enqueue(r -> r.status(429, "{\"error\":{\"message\":\"" + "x".repeat(1000) + "\"}}"));
        server.enqueue(r -> r.status(502, "<html>Bad gateway</html>"));

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream service error (429): " + "x".repeat(300)))
                .verify(VERIFY_TIMEOUT);
        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream service error (502)"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void anErrorChunkMidStreamFailsAfterTheTextSoFar() {
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Partial \"}", null));
            r.data(chunk("{\"content\":\"answer\"}", null));
            r.data("{\"error\":{\"message\":\"Rate limit exceeded upstream\",\"code\":429}}");
        });

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectNext(new TextDelta("Partial "))
                .expectNext(new TextDelta("answer"))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream error: Rate limit exceeded upstream"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void aStreamThatEndsBeforeDoneFails() {
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Half\"}", null));
            r.data(chunk("{}", "\"stop\""));
            // the body ends cleanly, but without [DONE]
        });

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectNext(new TextDelta("Half"))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream stream ended unexpectedly"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void aDroppedConnectionFailsAfterTheTextSoFar() {
        server.enqueue(r -> {
            r.startTruncatedStream();
            r.data(chunk("{\"content\":\"Half\"}", null));
            r.pause(100);
            // closing now drops the connection: far fewer bytes were written than announced
        });

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectNext(new TextDelta("Half"))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream stream ended unexpectedly"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void aSilentStreamTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Slow\"}", null));
            // silent for far longer than the 2 s allowed; a client without the timeout would get a full answer
            if (!release.await(20, TimeUnit.SECONDS)) {
                r.data(chunk("{}", "\"stop\""));
                r.done();
            }
        });
        var agent = new OpenAiCompatibleAgent(settings("k", Duration.ofSeconds(2)), WebClient.builder());

        StepVerifier.create(agent.run(userAsks("Hi")))
                .expectNext(new TextDelta("Slow"))
                .expectErrorSatisfies(e -> assertFailure(e, "Upstream stream ended unexpectedly"))
                .verify(VERIFY_TIMEOUT);
        release.countDown();
    }

    @Test
    void anUnreachableProviderIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var settings = new OpenAiCompatibleSettings(
                URI.create("http://127.0.0.1:" + closedPort + "/v1"), "k", "m", Duration.ofSeconds(2), null);
        var agent = new OpenAiCompatibleAgent(settings, WebClient.builder());

        StepVerifier.create(agent.run(userAsks("Hi")))
                .expectErrorSatisfies(e -> assertFailure(e, "Service unavailable"))
                .verify(VERIFY_TIMEOUT);
    }

    @Test
    void cancellingTheTurnClosesTheProviderRequest() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        server.enqueue(r -> {
            r.startStream();
            r.data(chunk("{\"content\":\"Streaming\"}", null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                while (System.nanoTime() < deadline) {
                    r.pause(50);
                    r.raw(": keep-alive\n\n");
                }
            } catch (IOException closedByClient) {
                clientGone.countDown();
            }
        });

        StepVerifier.create(agent("k").run(userAsks("Hi")))
                .expectNext(new TextDelta("Streaming"))
                .thenCancel()
                .verify(VERIFY_TIMEOUT);

        assertThat(clientGone.await(8, TimeUnit.SECONDS))
                .as("the server noticed the request was closed")
                .isTrue();
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(settings("sk-very-secret", Duration.ofSeconds(1)).toString())
                .doesNotContain("sk-very-secret")
                .contains("****");
    }

    private OpenAiCompatibleAgent agent(String apiKey) {
        return new OpenAiCompatibleAgent(settings(apiKey, Duration.ofSeconds(5)), WebClient.builder());
    }

    private OpenAiCompatibleSettings settings(String apiKey, Duration responseTimeout) {
        return new OpenAiCompatibleSettings(
                server.baseUrl(), apiKey, "default-model", Duration.ofSeconds(2), responseTimeout);
    }

    private static AgentRequest userAsks(String text) {
        return new AgentRequest(ConversationId.random(), null, null, List.of(new AgentMessage(Role.USER, text)));
    }

    private static void assertFailure(Throwable error, String message) {
        assertThat(error).isInstanceOf(AgentFailure.class).hasMessage(message);
    }

    /** A chat.completion.chunk with one choice; {@code finishReason} is raw JSON (null or a quoted string). */
    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"provider/answering-model\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + finishReason + "}]}";
    }

    /** The final usage chunk (empty choices), {@code cost} raw JSON number or null. */
    private static String usageChunk(long prompt, long completion, long total, String cost) {
        return "{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"model\":\"provider/answering-model\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + total + (cost == null ? "" : ",\"cost\":" + cost) + "}}";
    }
}
