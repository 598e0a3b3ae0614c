package dev.threadline.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible provider on 127.0.0.1: {@code POST /v1/chat/completions} answered with the next queued
 * {@link Stream}, written as OpenAI writes it — {@code text/event-stream}, one {@code data: {chunk}} event per flushed
 * HTTP chunk, then {@code data: [DONE]}. Every request it receives is kept for assertions.
 */
final class LoopbackOpenAiProvider implements AutoCloseable {

    static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the provider received. Header names are lower-case. */
    record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Stream> answers = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    LoopbackOpenAiProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The value for {@code threadline.llm.base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues the answer to the next chat-completions request. */
    void willStream(Stream answer) {
        answers.add(answer);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Errors from the provider itself, and answers queued but never asked for; both should be empty. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        failures.forEach(failure -> problems.add("provider failed: " + failure));
        if (!answers.isEmpty()) {
            problems.add(answers.size() + " queued answer(s) never requested");
        }
        return problems;
    }

    /** Forgets requests, answers and failures, for the next test. */
    void reset() {
        answers.clear();
        requests.clear();
        failures.clear();
    }

    private void handle(HttpExchange exchange) {
        try {
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(headers),
                    JSON.readTree(body)));
            Stream answer = answers.poll();
            if (!"POST".equals(exchange.getRequestMethod())
                    || !PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "{\"error\":{\"message\":\"Unknown path\"}}");
            } else if (answer == null) {
                respond(exchange, 500, "{\"error\":{\"message\":\"No answer queued for this request\"}}");
            } else {
                answer.writeTo(exchange);
            }
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A new streamed answer whose chunks name {@code model}, as providers name the model that answered. */
    static Stream stream(String model) {
        return new Stream(model);
    }

    /** A streamed answer: chunks in the shape of OpenAI's {@code chat.completion.chunk}, and how the stream ends. */
    static final class Stream {

        private enum Ending {
            DONE,
            CLOSE,
            DROP
        }

        private final String model;
        private final List<String> events = new ArrayList<>();
        private Ending ending = Ending.DONE;

        private Stream(String model) {
            this.model = model;
        }

        /** The first chunk OpenAI sends: the role, with empty content. */
        Stream role() {
            ObjectNode delta = JSON.createObjectNode().put("role", "assistant").put("content", "");
            return choice(delta, null);
        }

        /** An SSE comment, as OpenRouter sends while the model is busy. */
        Stream keepAlive() {
            events.add(": OPENROUTER PROCESSING\n\n");
            return this;
        }

        /** A reasoning delta, in OpenRouter's {@code reasoning} field. */
        Stream reasoning(String text) {
            return choice(JSON.createObjectNode().put("reasoning", text), null);
        }

        Stream text(String text) {
            return choice(JSON.createObjectNode().put("content", text), null);
        }

        /** The opening delta of a tool call: its id and function name, with empty arguments. */
        Stream toolCall(int index, String callId, String function) {
            ObjectNode delta = JSON.createObjectNode();
            delta.putNull("content");
            ObjectNode call =
                    delta.putArray("tool_calls").addObject().put("index", index).put("id", callId);
            call.put("type", "function");
            call.putObject("function").put("name", function).put("arguments", "");
            return choice(delta, null);
        }

        /** A further fragment of a tool call's JSON arguments. */
        Stream toolArguments(int index, String fragment) {
            ObjectNode delta = JSON.createObjectNode();
            delta.putArray("tool_calls")
                    .addObject()
                    .put("index", index)
                    .putObject("function")
                    .put("arguments", fragment);
            return choice(delta, null);
        }

        Stream finish(String reason) {
            return choice(JSON.createObjectNode(), reason);
        }

        /** The last chunk when {@code stream_options.include_usage} is set: no choices, the request's usage. */
        Stream usage(long promptTokens, long completionTokens, String cost) {
            ObjectNode chunk = chunk();
            chunk.putArray("choices");
            ObjectNode usage = chunk.putObject("usage")
                    .put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            usage.put("cost", new BigDecimal(cost));
            return data(chunk);
        }

        /** An error reported inside the stream, after which the provider ends the response without [DONE]. */
        Stream error(String message) {
            ObjectNode chunk = chunk();
            chunk.putObject("error").put("message", message).put("code", 502);
            ending = Ending.CLOSE;
            return data(chunk);
        }

        /** Ends by dropping the connection: the response announced more bytes than it sends. */
        Stream dropConnection() {
            ending = Ending.DROP;
            return this;
        }

        private Stream choice(ObjectNode delta, String finishReason) {
            ObjectNode chunk = chunk();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return data(chunk);
        }

        private ObjectNode chunk() {
            return JSON.createObjectNode()
                    .put("id", "chatcmpl-e2e")
                    .put("object", "chat.completion.chunk")
                    .put("created", 1_750_000_000L)
                    .put("model", model);
        }

        private Stream data(ObjectNode chunk) {
            try {
                events.add("data: " + JSON.writeValueAsString(chunk) + "\n\n");
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private void writeTo(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().add("Cache-Control", "no-cache");
            // 0: chunked, ended cleanly on close. A length far beyond what is written: closing drops the connection.
            exchange.sendResponseHeaders(200, ending == Ending.DROP ? 1_000_000 : 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (ending == Ending.DONE) {
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (ending == Ending.DROP) {
                try {
                    exchange.close();
                } catch (RuntimeException expected) {
                    // the body is short of its announced length: the server drops the connection, as intended
                }
            }
        }
    }
}
