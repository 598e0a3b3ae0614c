package dev.threadline.e2e;

import static dev.threadline.e2e.FollowFeedIT.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threadline.app.live.RedisForTests;
import dev.threadline.app.live.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/**
 * The app configured for a Redis that is not there yet: it starts, turns run normally, followers are told that live
 * updates are unavailable, and following works once Redis comes up. Needs the {@code redis-server} binary.
 */
class RedisOutageIT {

    @TempDir
    static Path dataDirectory;

    private static RedisServerProcess redis;
    private static RunningApp app;

    @BeforeAll
    static void start() throws IOException {
        RedisForTests.installed();
        redis = RedisServerProcess.onFreePort(); // started only once the app runs
        app = RunningApp.start(
                dataDirectory, Map.of("threadline.live.redis-url", redis.url(), "threadline.live.timeout", "5s"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void turnsRunWhileRedisIsDownAndFollowingComesBackWithIt() throws Exception {
        Client owner = new Client(app, "outage");
        Client.Answer started = owner.post("/api/conversations", Map.of("title", "Outage"));
        String id = started.id();
        owner.caughtUp(id, started.version());
        List<ServerSentEvent<Map<String, Object>>> followed = new CopyOnWriteArrayList<>();
        Disposable tab = owner.followInto(id, followed);

        List<ServerSentEvent<Map<String, Object>>> turn = owner.completeTurn(id, "anyone there?");

        assertThat(types(turn)).first().isEqualTo("turn_start");
        assertThat(types(turn)).last().isEqualTo("done");
        await().atMost(Duration.ofSeconds(15)).until(() -> followState(followed).equals("unavailable"));

        redis.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> followState(followed).equals("live"));
        // The node's own Redis connections come back on their own schedule: a turn that draws one still reconnecting is
        // not relayed (its breaker trips), and a later one is.
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (!types(followed).contains("done")) {
                        owner.completeTurn(id, "and now?");
                    }
                    return types(followed).contains("done");
                });
        tab.dispose();
    }

    /** The last thing the feed said about itself. */
    private static String followState(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.stream()
                .filter(event -> "status".equals(event.event()) && event.data().containsKey("follow"))
                .map(event -> (String) event.data().get("follow"))
                .reduce((first, second) -> second)
                .orElse("");
    }
}
