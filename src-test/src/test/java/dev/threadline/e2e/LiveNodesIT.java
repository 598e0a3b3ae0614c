package dev.threadline.e2e;

import static dev.threadline.e2e.FollowFeedIT.LONG_MESSAGE;
import static dev.threadline.e2e.FollowFeedIT.last;
import static dev.threadline.e2e.FollowFeedIT.tokens;
import static dev.threadline.e2e.FollowFeedIT.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threadline.app.live.RedisForTests;
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
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * Several app nodes sharing one store and the machine's Redis (127.0.0.1:6379; CI starts one, and these tests fail
 * rather than skip without it): a follower on one node watches a turn run on another, and the turn of a node killed
 * mid-turn is saved by a surviving node.
 */
class LiveNodesIT {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** Longer than the default 1 s, so that a stall of the shared test JVM does not trip a turn's relay. */
    private static final String RELAY_TIMEOUT = "10s";

    @TempDir
    static Path dataDirectory;

    private static int storePort;
    private static RunningApp nodeA;
    private static RunningApp nodeB;

    @BeforeAll
    static void start() throws Exception {
        RedisForTests.answering();
        storePort = AppProcess.freePort();
        nodeA = RunningApp.start(
                dataDirectory,
                Map.of(
                        "threadline.store.embedded.port",
                        storePort,
                        "threadline.live.redis-url",
                        REDIS,
                        "threadline.live.lease",
                        LEASE.toMillis() + "ms",
                        "threadline.agent.scripted.pace",
                        "20ms",
                        "threadline.live.timeout",
                        RELAY_TIMEOUT));
        nodeB = RunningApp.start(dataDirectory, sharingTheStore(Map.of("threadline.agent.scripted.pace", "20ms")));
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    /** Another node's settings: node A's store (and development tokens from the shared data directory). */
    private static Map<String, Object> sharingTheStore(Map<String, Object> more) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(more);
        String store = "mongodb://127.0.0.1:" + storePort + "/threadline";
        properties.put("threadline.store.uri", store);
        properties.put("spring.data.mongodb.uri", store);
        properties.put("threadline.auth.mode", "dev");
        properties.put("threadline.live.redis-url", REDIS);
        properties.put("threadline.live.lease", LEASE.toMillis() + "ms");
        properties.put("threadline.live.timeout", RELAY_TIMEOUT);
        return properties;
    }

    private static String startConversation(Client owner, RunningApp node, String title) {
        Client.Answer started = owner.post("/api/conversations", Map.of("title", title));
        new Client(node.http, node.tokenFor("nodes-owner")).caughtUp(started.id(), started.version());
        return started.id();
    }

    @Test
    void aFollowerOnNodeBWatchesATurnRunningOnNodeA() {
        Client onA = new Client(nodeA, "nodes-owner");
        Client onB = new Client(nodeB, "nodes-owner");
        String id = startConversation(onA, nodeB, "Across nodes");
        List<ServerSentEvent<Map<String, Object>>> followed = new CopyOnWriteArrayList<>();
        Disposable tab = onB.followInto(id, followed);

        List<ServerSentEvent<Map<String, Object>>> initiated = onA.completeTurn(id, LONG_MESSAGE);

        await().atMost(Duration.ofSeconds(15)).until(() -> types(followed).contains("done"));
        tab.dispose();
        assertThat(types(followed)).isEqualTo(types(initiated));
        assertThat(tokens(followed)).isEqualTo(tokens(initiated));
        assertThat(last(followed).data()).doesNotContainKey("usage");
    }

    @Test
    void whenTheNodeRunningATurnDiesAnotherNodeSavesThePartialAnswerOnce() throws Exception {
        AppProcess doomed = AppProcess.start(
                dataDirectory,
                List.of(),
                sharingTheStore(Map.of("threadline.agent.scripted.pace", "150ms")).entrySet().stream()
                        .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                        .toList());
        String token = nodeA.tokenFor("nodes-owner");
        Client onDoomed = new Client(WebClient.create(doomed.base), token);
        Client onA = new Client(nodeA, "nodes-owner");
        String id = startConversation(onA, nodeA, "Crash");
        List<ServerSentEvent<Map<String, Object>>> followed = new CopyOnWriteArrayList<>();
        Disposable tab = onA.followInto(id, followed);
        List<ServerSentEvent<Map<String, Object>>> initiated = new CopyOnWriteArrayList<>();
        Disposable turn = onDoomed.turn(id, LONG_MESSAGE).subscribe(initiated::add, error -> {});
        await().atMost(Duration.ofSeconds(30)).until(() -> tokens(followed).size() >= 3);

        doomed.kill();
        // The initiator's stream breaks off with the node; waiting for that, rather than cancelling it, leaves no
        // error to drop.
        await().atMost(Duration.ofSeconds(30)).until(turn::isDisposed);

        await().atMost(Duration.ofSeconds(30)).until(() -> types(followed).contains("error"));
        tab.dispose();
        assertThat(last(followed).data()).containsEntry("code", "TURN_INTERRUPTED");
        await().atMost(Duration.ofSeconds(10)).until(() -> !answers(onA, id).isEmpty());
        // Both surviving nodes keep looking for crashed turns every third of a lease: for two leases, neither may save
        // it a second time.
        await().during(LEASE.multipliedBy(2))
                .atMost(LEASE.multipliedBy(3))
                .until(() -> answers(onA, id).size() == 1);
        List<Map<String, Object>> answers = answers(onA, id);
        Map<String, Object> answer = answers.get(0);
        assertThat(answer).containsEntry("interrupted", true);
        assertThat((String) answer.get("content")).startsWith("You said:").isNotEqualTo("You said: " + LONG_MESSAGE);
        // The conversation is free again: the next turn runs on a surviving node.
        assertThat(types(onA.completeTurn(id, "still there?"))).last().isEqualTo("done");
    }

    private static List<Map<String, Object>> answers(Client client, String conversationId) {
        return client.messages(conversationId, 0).stream()
                .filter(message -> "assistant".equals(message.get("role")))
                .toList();
    }
}
