package dev.threadline.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** One person using the API with their token: small helpers that read like the curl examples in docs/http. */
final class Client {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {};

    private final WebClient http;

    Client(RunningApp app, String userId) {
        this(app.http, app.tokenFor(userId));
    }

    /** The same person on another node: the same token, another server. */
    Client(WebClient http, String token) {
        this.http =
                http.mutate().defaultHeader("Authorization", "Bearer " + token).build();
    }

    /** An answer: status, content type and JSON body. */
    record Answer(HttpStatusCode status, MediaType contentType, Map<String, Object> body) {

        String id() {
            return (String) body.get("id");
        }

        long version() {
            return ((Number) body.get("version")).longValue();
        }
    }

    Answer post(String path, Object body) {
        return post(path, body, null);
    }

    Answer post(String path, Object body, String idempotencyKey) {
        return exchange(http.post()
                .uri(path)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body));
    }

    Answer patch(String path, Object body) {
        return exchange(
                http.patch().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    Answer get(String path) {
        return exchange(http.get().uri(path));
    }

    /** Waits until the conversation's views have caught up with {@code version}, as a client holding it would. */
    void caughtUp(String conversationId, long version) {
        Answer answer = get("/api/conversations/" + conversationId + "?minVersion=" + version);
        if (answer.status().value() != 200) {
            throw new IllegalStateException("the views did not reach version " + version + ": " + answer);
        }
    }

    /** A JSON array answer (the status must be 200). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String path) {
        return http.get().uri(path).retrieve().bodyToMono(List.class).block(TIMEOUT);
    }

    Answer put(String path, Object body) {
        return exchange(
                http.put().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    Answer delete(String path) {
        return exchange(http.delete().uri(path));
    }

    String startConversation(String title) {
        return post("/api/conversations", Map.of("title", title)).id();
    }

    /** Sends a message and returns the turn's server-sent events, parsed, without heartbeat comments. */
    Flux<ServerSentEvent<Map<String, Object>>> turn(String conversationId, String content) {
        return http.post()
                .uri("/api/conversations/{id}/turns", conversationId)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("content", content))
                .retrieve()
                .bodyToFlux(SSE)
                .filter(event -> event.event() != null);
    }

    /** Follows the conversation's live feed, resuming after {@code lastEventId} when it is given. */
    Flux<ServerSentEvent<Map<String, Object>>> follow(String conversationId, String lastEventId) {
        return feed(conversationId, lastEventId).filter(event -> event.event() != null); // heartbeats are comments
    }

    /**
     * Follows the conversation's live feed into {@code frames}, answering once the feed's first comment says it is
     * connected, so that a turn started next is seen whole even if it ends at once.
     */
    Disposable followInto(String conversationId, List<ServerSentEvent<Map<String, Object>>> frames) {
        return followInto(conversationId, frames, () -> {});
    }

    /** As {@link #followInto(String, List)}, running {@code onEnd} when the server ends the feed. */
    Disposable followInto(String conversationId, List<ServerSentEvent<Map<String, Object>>> frames, Runnable onEnd) {
        AtomicBoolean connected = new AtomicBoolean();
        Disposable following = feed(conversationId, null)
                .doOnNext(event -> connected.set(true))
                .filter(event -> event.event() != null)
                .doOnComplete(onEnd)
                .subscribe(frames::add);
        await().atMost(TIMEOUT).untilTrue(connected);
        return following;
    }

    private Flux<ServerSentEvent<Map<String, Object>>> feed(String conversationId, String lastEventId) {
        return http.get()
                .uri("/api/conversations/{id}/follow", conversationId)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve()
                .bodyToFlux(SSE);
    }

    List<ServerSentEvent<Map<String, Object>>> completeTurn(String conversationId, String content) {
        return turn(conversationId, content).collectList().block(TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messages(String conversationId, long minVersion) {
        Answer transcript = get("/api/conversations/" + conversationId + "/messages?minVersion=" + minVersion);
        return (List<Map<String, Object>>) transcript.body().get("messages");
    }

    @SuppressWarnings("unchecked")
    private Answer exchange(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> {
                    MediaType type = response.headers().contentType().orElse(null);
                    if (type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
                        // A stream (a turn) is not read here: its status and type are the answer.
                        return response.releaseBody().thenReturn(new Answer(response.statusCode(), type, Map.of()));
                    }
                    return response.bodyToMono(Map.class)
                            .defaultIfEmpty(Map.of())
                            .map(body -> new Answer(response.statusCode(), type, (Map<String, Object>) body));
                })
                .block(TIMEOUT);
    }
}
