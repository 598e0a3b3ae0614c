package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** Stopping the server and starting it again on the same data directory keeps everything. */
class RestartIT {

    @TempDir
    Path dataDirectory;

    @Test
    void everythingIsStillThereAfterARestart() {
        String id;
        List<Map<String, Object>> before;
        // A shutdown phase far longer than a normal close, so that one held up by the follower cannot be mistaken for
        // it.
        try (RunningApp first =
                RunningApp.start(dataDirectory, Map.of("spring.lifecycle.timeout-per-shutdown-phase", "60s"))) {
            Client alice = new Client(first, "alice");
            id = alice.startConversation("Kept");
            List<ServerSentEvent<Map<String, Object>>> turn = alice.completeTurn(id, "remember me");
            long version = ((Number) turn.get(turn.size() - 1).data().get("version")).longValue();
            before = alice.messages(id, version);
            assertThat(before).hasSize(2);

            // A follower still connected does not hold the shutdown up: its stream ends, and it reconnects later.
            AtomicBoolean followConnected = new AtomicBoolean();
            AtomicBoolean followEnded = new AtomicBoolean();
            first.http
                    .get()
                    .uri("/api/conversations/{id}/follow?minVersion={version}", id, version)
                    .header("Authorization", "Bearer " + first.tokenFor("alice"))
                    .retrieve()
                    .bodyToFlux(Client.SSE)
                    .subscribe(
                            event -> followConnected.set(true), // the first comment says it is connected
                            error -> followEnded.set(true),
                            () -> followEnded.set(true));
            await().atMost(Duration.ofSeconds(10)).untilTrue(followConnected);
            long closing = System.nanoTime();
            first.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(15)).untilTrue(followEnded);
        }

        try (RunningApp second = RunningApp.start(dataDirectory, Map.of())) {
            Client alice = new Client(second, "alice");
            assertThat(alice.messages(id, 0)).isEqualTo(before);
            assertThat(alice.get("/api/conversations/" + id).body()).containsEntry("title", "Kept");

            List<ServerSentEvent<Map<String, Object>>> turn = alice.completeTurn(id, "and again");
            long version = ((Number) turn.get(turn.size() - 1).data().get("version")).longValue();
            assertThat(alice.messages(id, version))
                    .extracting(m -> ((Number) m.get("position")).longValue())
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aTurnCutShortByACrashIsEndedByTheNextMessageSoItGoesThrough() throws Exception {
        AppProcess crashing =
                AppProcess.start(dataDirectory, List.of(), List.of("--threadline.agent.scripted.pace=200ms"));
        String id;
        {
            WebClient http = WebClient.create(crashing.base);
            String token = http.post()
                    .uri("/api/dev/token")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("userId", "alice"))
                    .retrieve()
                    .bodyToMono(Map.class)
                    .map(minted -> (String) minted.get("token"))
                    .block(Client.TIMEOUT);
            Client alice = new Client(http, token);
            id = alice.startConversation("Crashed");
            List<ServerSentEvent<Map<String, Object>>> frames = new CopyOnWriteArrayList<>();
            Disposable turn =
                    alice.turn(id, "a message long enough to be cut short").subscribe(frames::add, e -> {});
            await().atMost(Duration.ofSeconds(30)).until(() -> frames.size() >= 3);
            crashing.kill();
            // The stream breaks off with the process; waiting for that, rather than cancelling it, leaves no error
            // to drop.
            await().atMost(Duration.ofSeconds(30)).until(turn::isDisposed);
        }

        try (RunningApp restarted = RunningApp.start(dataDirectory, Map.of())) {
            Client alice = new Client(restarted, "alice");
            // A plain message ends the abandoned turn as well as a new turn would.
            Client.Answer posted = alice.post("/api/conversations/" + id + "/messages", Map.of("content", "hello?"));
            assertThat(posted.status()).isEqualTo(HttpStatus.CREATED);

            List<ServerSentEvent<Map<String, Object>>> next = alice.completeTurn(id, "are you back?");

            assertThat(next).last().extracting(ServerSentEvent::event).isEqualTo("done");
        }
    }
}
