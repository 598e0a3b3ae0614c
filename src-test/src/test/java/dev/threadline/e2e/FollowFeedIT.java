package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Following a conversation from another tab, over HTTP, on the default single-node (in-process) bus. */
class FollowFeedIT {

    /** Long enough (about 40 words) that a turn paced at 30 ms per event runs for a couple of seconds. */
    static final String LONG_MESSAGE = "word ".repeat(40).trim();

    @TempDir
    static Path dataDirectory;

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(
                dataDirectory, Map.of("threadline.agent.scripted.pace", "30ms", "threadline.sse.heartbeat", "300ms"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void onlyTheOwnerMayFollowAndAnonymousCallersGet403() {
        Client owner = new Client(app, "follow-owner");
        Client.Answer justStarted = owner.post("/api/conversations", Map.of("title", "Private"));
        String id = justStarted.id();
        // A client that just started the conversation passes its version, as with every query.
        var followedAtOnce = opened(app.http
                .get()
                .uri("/api/conversations/{id}/follow?minVersion={v}", id, justStarted.version())
                .header("Authorization", "Bearer " + app.tokenFor("follow-owner")));
        assertThat(followedAtOnce.getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(status(null, id)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(status("not-a-token", id)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(status(app.tokenFor("follow-stranger"), id)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(status(app.tokenFor("follow-owner"), "no-such-conversation")).isEqualTo(HttpStatus.FORBIDDEN);
        var badPosition = app.http
                .get()
                .uri("/api/conversations/{id}/follow", id)
                .header("Authorization", "Bearer " + app.tokenFor("follow-owner"))
                .header("Last-Event-ID", "yesterday")
                .exchangeToMono(response -> response.toEntity(Map.class))
                .block();
        assertThat(badPosition.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badPosition.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

        var allowed = opened(app.http
                .get()
                .uri("/api/conversations/{id}/follow", id)
                .header("Authorization", "Bearer " + app.tokenFor("follow-owner")));
        assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(allowed.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .isTrue();
        assertThat(allowed.getHeaders().get("X-Accel-Buffering")).containsExactly("no");
    }

    @Test
    void anIdleFeedSendsHeartbeatsAndAsksProxiesNeitherToBufferNorToCacheIt() {
        Client owner = new Client(app, "idle-owner");
        String id = started(owner, "Idle");

        ResponseEntity<Flux<byte[]>> feed = app.http
                .get()
                .uri("/api/conversations/{id}/follow", id)
                .header("Authorization", "Bearer " + app.tokenFor("idle-owner"))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .toEntityFlux(byte[].class)
                .block(Client.TIMEOUT);
        String received = feed.getBody()
                .take(Duration.ofMillis(1500))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .collect(Collectors.joining())
                .block(Client.TIMEOUT);

        assertThat(feed.getHeaders().getCacheControl()).isEqualTo("no-cache");
        assertThat(feed.getHeaders().get("X-Accel-Buffering")).containsExactly("no");
        assertThat(received.split(":heartbeat", -1).length - 1).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSecondTabSeesTheTurnLiveWithTheSameFramesButNotTheUsage() {
        Client owner = new Client(app, "second-tab");
        String id = started(owner, "Watched");
        List<ServerSentEvent<Map<String, Object>>> followed = new CopyOnWriteArrayList<>();
        Disposable tab = owner.followInto(id, followed);

        List<ServerSentEvent<Map<String, Object>>> initiated = owner.completeTurn(id, LONG_MESSAGE);

        await().atMost(Duration.ofSeconds(10)).until(() -> types(followed).contains("done"));
        tab.dispose();
        assertThat(types(followed)).isEqualTo(types(initiated));
        assertThat(tokens(followed)).isEqualTo(tokens(initiated)).isNotEmpty();
        assertThat(followed).allSatisfy(event -> assertThat(event.id()).isNotBlank());
        assertThat(last(initiated).data()).containsKey("usage");
        assertThat(last(followed).data()).doesNotContainKey("usage").containsKeys("content", "model");
    }

    @Test
    void aLateJoinerGetsTheTurnFromItsStartAndAReconnectResumesWithNoGapAndNoDuplicate() {
        Client owner = new Client(app, "late-joiner");
        String id = started(owner, "Late");
        List<ServerSentEvent<Map<String, Object>>> initiated = new CopyOnWriteArrayList<>();
        Disposable turn = owner.turn(id, LONG_MESSAGE).subscribe(initiated::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> initiated.size() >= 10);

        // Joins mid-turn, takes a few frames and drops the connection, then reconnects from the last id it got.
        List<ServerSentEvent<Map<String, Object>>> before =
                owner.follow(id, null).take(15).collectList().block(Client.TIMEOUT);
        List<ServerSentEvent<Map<String, Object>>> after = owner.follow(
                        id, last(before).id())
                .takeUntil(event -> "done".equals(event.event()))
                .collectList()
                .block(Client.TIMEOUT);

        await().atMost(Duration.ofSeconds(10)).until(() -> types(initiated).contains("done"));
        turn.dispose();
        List<ServerSentEvent<Map<String, Object>>> joined = new java.util.ArrayList<>(before);
        joined.addAll(after);
        assertThat(types(joined)).isEqualTo(types(initiated));
        assertThat(tokens(joined)).isEqualTo(tokens(initiated));
        assertThat(joined.stream().map(ServerSentEvent::id).distinct()).hasSameSizeAs(joined);
    }

    @Test
    void deletingTheConversationCutsItsFollowersOff() {
        Client owner = new Client(app, "deleted-while-followed");
        String id = started(owner, "Short-lived");
        List<ServerSentEvent<Map<String, Object>>> followed = new CopyOnWriteArrayList<>();
        AtomicLong endedAt = new AtomicLong();
        Disposable tab = owner.followInto(id, followed, () -> endedAt.set(System.nanoTime()));
        owner.completeTurn(id, "hello");
        await().atMost(Duration.ofSeconds(10)).until(() -> types(followed).contains("done"));

        owner.delete("/api/conversations/" + id);
        long deletedAt = System.nanoTime();

        // Access is checked every quarter of a second against a read at most as old, so the stream ends about half a
        // second after the conversation's views know of the delete; the bound leaves room for a loaded machine.
        await().atMost(Duration.ofSeconds(15)).until(() -> endedAt.get() != 0);
        tab.dispose();
        assertThat(last(followed).event()).isEqualTo("error");
        assertThat(last(followed).data()).containsEntry("code", "ACCESS_REVOKED");
        assertThat(Duration.ofNanos(endedAt.get() - deletedAt)).isLessThan(Duration.ofMillis(2500));
    }

    /** Starts a conversation and waits until its views know it, as a client holding its version would. */
    private static String started(Client owner, String title) {
        Client.Answer started = owner.post("/api/conversations", Map.of("title", title));
        owner.caughtUp(started.id(), started.version());
        return started.id();
    }

    /** The status and headers of an endless event stream, which is then closed. */
    private static ResponseEntity<?> opened(WebClient.RequestHeadersSpec<?> request) {
        ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>> response = request.accept(
                        MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .toEntityFlux(Client.SSE)
                .block(Client.TIMEOUT);
        response.getBody().subscribe().dispose();
        return response;
    }

    private static HttpStatus status(String token, String conversationId) {
        return (HttpStatus) app.http
                .get()
                .uri("/api/conversations/{id}/follow", conversationId)
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode()))
                .block(Client.TIMEOUT);
    }

    static List<String> types(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.stream().map(ServerSentEvent::event).toList();
    }

    static List<Object> tokens(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.stream()
                .filter(event -> "token".equals(event.event()))
                .map(event -> event.data().get("content"))
                .toList();
    }

    static ServerSentEvent<Map<String, Object>> last(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.get(events.size() - 1);
    }
}
