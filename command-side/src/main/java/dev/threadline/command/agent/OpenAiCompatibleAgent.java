package dev.threadline.command.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.command.agent.AgentEvent.Finished;
import dev.threadline.command.agent.AgentEvent.ReasoningDelta;
import dev.threadline.command.agent.AgentEvent.TextDelta;
import dev.threadline.command.agent.AgentEvent.ToolCalled;
import dev.threadline.command.agent.AgentEvent.ToolReturned;
import dev.threadline.command.agent.AgentEvent.UsageReported;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.Usage;
import io.netty.channel.ChannelOption;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * An {@link AgentRuntime} that streams from any OpenAI-compatible {@code /chat/completions} endpoint (OpenAI,
 * OpenRouter, vLLM, Ollama).
 *
 * <p>One turn may take several requests: when the model answers with tool calls, each call is reported, answered and
 * sent back, and the model is asked again, at most {@value #MAX_ITERATIONS} times. No tools are offered to the model
 * yet, so every call is answered with "not available". An answer cut off at the provider's output limit (finish reason
 * {@code length}) is sent back as it stands and the model asked to carry on, up to {@value #MAX_TRUNCATIONS_IN_A_ROW}
 * times in a row. Usage is summed over all requests of the turn.
 */
public final class OpenAiCompatibleAgent implements AgentRuntime {

    /** Most requests one turn may make. */
    public static final int MAX_ITERATIONS = 120;
    /** Answers cut off at the output limit, one after the other, before the turn gives up. */
    public static final int MAX_TRUNCATIONS_IN_A_ROW = 20;

    static final String SERVICE_UNAVAILABLE = "Service unavailable";
    static final String STREAM_ENDED = "Upstream stream ended unexpectedly";
    static final String MAX_ITERATIONS_REACHED = "Max tool call iterations reached";
    static final String REPEATEDLY_TRUNCATED = "Response repeatedly truncated";
    static final int MAX_PROVIDER_MESSAGE = 300;
    /** The finish reason of an answer cut off at the provider's output limit. */
    static final String CUT_OFF = "length";

    private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleAgent.class);
    /** Floats as BigDecimal so costs add up exactly. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};
    private static final String DONE = "[DONE]";

    private final WebClient webClient;
    private final URI endpoint;
    private final String defaultModel;
    private final int maxIterations;

    public OpenAiCompatibleAgent(OpenAiCompatibleSettings settings, WebClient.Builder webClientBuilder) {
        this(settings, webClientBuilder, MAX_ITERATIONS);
    }

    OpenAiCompatibleAgent(OpenAiCompatibleSettings settings, WebClient.Builder webClientBuilder, int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1");
        }
        HttpClient httpClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                // reactor-netty applies this between every read of the response, so it bounds the silence
                // before the headers and between chunks; SSE keep-alive comments count as activity.
                .responseTimeout(settings.responseTimeout());
        WebClient.Builder builder = webClientBuilder
                .clone()
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .defaultHeaders(headers -> {
                    if (settings.hasApiKey()) {
                        headers.setBearerAuth(settings.apiKey().strip());
                    }
                });
        this.webClient = builder.build();
        this.endpoint = settings.chatCompletionsUri();
        this.defaultModel = settings.defaultModel();
        this.maxIterations = maxIterations;
    }

    @Override
    public Flux<AgentEvent> run(AgentRequest request) {
        return Flux.defer(() -> {
            String model = notBlank(request.model()) ? request.model() : defaultModel;
            if (!notBlank(model)) {
                return Flux.error(new AgentFailure("No model configured"));
            }
            return iterate(new Turn(model, initialMessages(request)), 1);
        });
    }

    private static ArrayNode initialMessages(AgentRequest request) {
        ArrayNode messages = JSON.createArrayNode();
        if (notBlank(request.systemPrompt())) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (AgentMessage message : request.history()) {
            String role =
                    switch (message.role()) {
                        case USER -> "user";
                        case ASSISTANT -> "assistant";
                    };
            messages.addObject().put("role", role).put("content", message.content());
        }
        return messages;
    }

    private Flux<AgentEvent> iterate(Turn turn, int iteration) {
        Iteration current = new Iteration();
        return stream(turn, current).concatWith(Flux.defer(() -> afterIteration(turn, current, iteration)));
    }

    private Flux<AgentEvent> afterIteration(Turn turn, Iteration current, int iteration) {
        turn.completeIteration(current);
        if (current.toolCalls.isEmpty() && CUT_OFF.equals(current.finishReason)) {
            // Cut off at the output limit: the text so far goes back, and the model is asked to go on.
            if (++turn.truncationsInARow >= MAX_TRUNCATIONS_IN_A_ROW) {
                return Flux.error(AgentFailure.explained(
                        REPEATEDLY_TRUNCATED,
                        "Response repeatedly hit max_tokens (" + MAX_TRUNCATIONS_IN_A_ROW
                                + "× in a row) without making progress"));
            }
            turn.continueAnswer(current.text);
            return askAgain(turn, iteration, Flux.empty());
        }
        if (current.toolCalls.isEmpty()) {
            String finishReason = current.finishReason != null ? current.finishReason : "stop";
            return Flux.just(new Finished(turn.answeringModel(), finishReason));
        }
        turn.truncationsInARow = 0;
        List<ToolCall> calls = current.toolCalls(iteration);
        List<AgentEvent> events = new ArrayList<>(calls.size() * 2);
        ObjectNode assistant = turn.continueAnswer(current.text);
        turn.continued = null; // the tool results follow it; the next answer is a message of its own
        ArrayNode toolCalls = assistant.putArray("tool_calls");
        for (ToolCall call : calls) {
            ObjectNode node = toolCalls.addObject().put("id", call.id()).put("type", "function");
            node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            events.add(new ToolCalled(call.id(), call.name(), call.arguments()));
        }
        for (ToolCall call : calls) {
            ToolReturned result = execute(call);
            events.add(result);
            turn.messages
                    .addObject()
                    .put("role", "tool")
                    .put("tool_call_id", call.id())
                    .put("content", result.result());
        }
        return askAgain(turn, iteration, Flux.fromIterable(events));
    }

    /** The events of this request, then the next request, unless the turn has made as many as it may. */
    private Flux<AgentEvent> askAgain(Turn turn, int iteration, Flux<AgentEvent> reported) {
        if (iteration >= maxIterations) {
            return reported.concatWith(Flux.error(AgentFailure.explained(
                    MAX_ITERATIONS_REACHED, "Max tool call iterations (" + maxIterations + ") reached")));
        }
        return reported.concatWith(Flux.defer(() -> iterate(turn, iteration + 1)));
    }

    /** No tools are offered to the model yet; a call it makes anyway is answered as unavailable. */
    private static ToolReturned execute(ToolCall call) {
        return new ToolReturned(call.id(), "Tool '" + call.name() + "' is not available", ToolStatus.FAILED);
    }

    /** One request: its events, ending normally only after {@code [DONE]}. */
    private Flux<AgentEvent> stream(Turn turn, Iteration current) {
        return Flux.defer(() -> {
                    String body = requestBody(turn);
                    return webClient
                            .post()
                            .uri(endpoint)
                            .contentType(MediaType.APPLICATION_JSON)
                            .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
                            .bodyValue(body)
                            .exchangeToFlux(response -> {
                                current.responded = true;
                                return read(response, turn, current);
                            });
                })
                .onErrorMap(e -> !(e instanceof AgentFailure), e -> transportFailure(e, current));
    }

    private Flux<AgentEvent> read(ClientResponse response, Turn turn, Iteration current) {
        int status = response.statusCode().value();
        if (!response.statusCode().is2xxSuccessful()) {
            return errorBody(response).flatMapMany(body -> {
                String providerMessage = providerMessage(body);
                log.warn(
                        "LLM provider answered HTTP {}{}",
                        status,
                        providerMessage == null ? "" : ": " + providerMessage);
                String message = "Upstream service error (" + status + ")";
                return Flux.error(
                        new AgentFailure(providerMessage == null ? message : message + ": " + providerMessage));
            });
        }
        MediaType contentType = response.headers().contentType().orElse(null);
        if (contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            // Asked for a stream, got a plain JSON document: usually an error reported with a 2xx status.
            return errorBody(response).flatMapMany(body -> {
                String providerMessage = providerMessage(body);
                return Flux.error(new AgentFailure(
                        providerMessage == null
                                ? "Upstream sent an unexpected response"
                                : "Upstream error: " + providerMessage));
            });
        }
        return response.bodyToFlux(SSE)
                .mapNotNull(ServerSentEvent::data)
                .takeUntil(data -> DONE.equals(data.strip()))
                .concatMapIterable(data -> onData(turn, current, data))
                .concatWith(Flux.defer(() -> current.done ? Flux.empty() : Flux.error(new AgentFailure(STREAM_ENDED))));
    }

    private static Mono<String> errorBody(ClientResponse response) {
        return response.bodyToMono(String.class)
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty("");
    }

    /** Turns one SSE {@code data} payload into events, updating the iteration's state. */
    private static List<AgentEvent> onData(Turn turn, Iteration current, String data) {
        String payload = data.strip();
        if (payload.isEmpty()) {
            return List.of();
        }
        if (DONE.equals(payload)) {
            current.done = true;
            return List.of();
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            log.warn("LLM provider sent a chunk that is not JSON ({} chars)", payload.length());
            throw new AgentFailure("Upstream sent a malformed response", e);
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String message = errorMessage(error);
            throw new AgentFailure("Upstream error: " + (message == null ? "unknown error" : message));
        }
        String model = textOrNull(chunk.get("model"));
        if (notBlank(model)) {
            turn.reportedModel = model;
        }
        List<AgentEvent> events = new ArrayList<>(2);
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isObject()) {
            JsonNode delta = choice.path("delta");
            String reasoning = textOrNull(delta.get("reasoning"));
            if (reasoning == null || reasoning.isEmpty()) {
                reasoning = textOrNull(delta.get("reasoning_content"));
            }
            if (reasoning != null && !reasoning.isEmpty()) {
                events.add(new ReasoningDelta(reasoning));
            }
            String content = textOrNull(delta.get("content"));
            if (content != null && !content.isEmpty()) {
                current.text.append(content);
                events.add(new TextDelta(content));
            }
            JsonNode toolCalls = delta.get("tool_calls");
            if (toolCalls != null && toolCalls.isArray()) {
                for (int i = 0; i < toolCalls.size(); i++) {
                    current.accumulate(toolCalls.get(i), i);
                }
            }
            String finishReason = textOrNull(choice.get("finish_reason"));
            if (notBlank(finishReason)) {
                if ("error".equals(finishReason)) {
                    throw new AgentFailure("Upstream error: generation failed");
                }
                current.finishReason = finishReason;
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            current.usage = usage(usage);
            events.add(new UsageReported(turn.usageWith(current.usage)));
        }
        return events;
    }

    private String requestBody(Turn turn) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", turn.requestedModel);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.set("messages", turn.messages);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write chat request", e);
        }
    }

    private static AgentFailure transportFailure(Throwable error, Iteration current) {
        if (!current.responded || error instanceof WebClientRequestException) {
            log.warn("LLM provider unreachable: {}", describe(error));
            return new AgentFailure(SERVICE_UNAVAILABLE, error);
        }
        log.warn("LLM stream broke off: {}", describe(error));
        return new AgentFailure(STREAM_ENDED, error);
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " (" + root + ")";
    }

    private static Usage usage(JsonNode usage) {
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long total =
                usage.hasNonNull("total_tokens") ? usage.get("total_tokens").asLong() : prompt + completion;
        JsonNode cost = usage.get("cost");
        return new Usage(prompt, completion, total, cost != null && cost.isNumber() ? cost.decimalValue() : null);
    }

    /** The provider's error text from an HTTP error body, or null when it has none. */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            String message = root.has("error") ? errorMessage(root.get("error")) : null;
            if (message == null) {
                message = textOrNull(root.get("message"));
            }
            if (message == null) {
                message = textOrNull(root.get("detail"));
            }
            return message == null || message.isBlank() ? null : truncate(message.strip());
        } catch (JsonProcessingException e) {
            return null; // an HTML page from a proxy, say: nothing worth showing
        }
    }

    private static String errorMessage(JsonNode error) {
        String message = error.isTextual() ? error.asText() : textOrNull(error.get("message"));
        return message == null || message.isBlank() ? null : truncate(message.strip());
    }

    private static String truncate(String message) {
        return message.length() <= MAX_PROVIDER_MESSAGE ? message : message.substring(0, MAX_PROVIDER_MESSAGE);
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private record ToolCall(String id, String name, String arguments) {}

    /** State shared by the requests of one turn. */
    private static final class Turn {
        final String requestedModel;
        final ArrayNode messages;
        String reportedModel;
        Usage previousIterations;
        int truncationsInARow;
        /** The assistant message that answers cut off at the output limit add to, until tool calls end it. */
        ObjectNode continued;

        Turn(String requestedModel, ArrayNode messages) {
            this.requestedModel = requestedModel;
            this.messages = messages;
        }

        /**
         * Adds an answer's text to the assistant message being continued, or to a new one at the end of the
         * conversation, so that the conversation sent back never holds two assistant messages in a row.
         */
        ObjectNode continueAnswer(CharSequence text) {
            if (continued == null) {
                continued = messages.addObject().put("role", "assistant").putNull("content");
            }
            if (text.length() > 0) {
                JsonNode sofar = continued.get("content");
                continued.put("content", (sofar.isNull() ? "" : sofar.asText()) + text);
            }
            return continued;
        }

        String answeringModel() {
            return reportedModel != null ? reportedModel : requestedModel;
        }

        /** Usage so far: every finished request plus the running one's latest report. */
        Usage usageWith(Usage running) {
            return sum(previousIterations, running);
        }

        void completeIteration(Iteration iteration) {
            previousIterations = sum(previousIterations, iteration.usage);
        }

        private static Usage sum(Usage a, Usage b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            BigDecimal cost = a.cost() == null
                    ? b.cost()
                    : b.cost() == null ? a.cost() : a.cost().add(b.cost());
            return new Usage(
                    a.promptTokens() + b.promptTokens(),
                    a.completionTokens() + b.completionTokens(),
                    a.totalTokens() + b.totalTokens(),
                    cost);
        }
    }

    /** State of one request. A provider's usage report replaces its earlier one within the same request. */
    private static final class Iteration {
        final StringBuilder text = new StringBuilder();
        final Map<Integer, PartialToolCall> toolCalls = new TreeMap<>();
        String finishReason;
        Usage usage;
        boolean responded;
        boolean done;

        void accumulate(JsonNode fragment, int position) {
            int index = fragment.path("index").isInt() ? fragment.get("index").asInt() : position;
            PartialToolCall call = toolCalls.computeIfAbsent(index, i -> new PartialToolCall());
            String id = textOrNull(fragment.get("id"));
            if (notBlank(id)) {
                call.id = id;
            }
            JsonNode function = fragment.path("function");
            String name = textOrNull(function.get("name"));
            if (notBlank(name)) {
                call.name = name;
            }
            String arguments = textOrNull(function.get("arguments"));
            if (arguments != null) {
                call.arguments.append(arguments);
            }
        }

        List<ToolCall> toolCalls(int iteration) {
            List<ToolCall> calls = new ArrayList<>(toolCalls.size());
            toolCalls.forEach((index, call) -> calls.add(new ToolCall(
                    call.id != null ? call.id : "call_" + iteration + "_" + index,
                    call.name != null ? call.name : "unknown",
                    call.arguments.length() > 0 ? call.arguments.toString() : "{}")));
            return calls;
        }
    }

    private static final class PartialToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
