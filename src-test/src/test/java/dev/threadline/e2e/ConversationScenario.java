package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/**
 * The end-to-end conversation scenario, written once and run against every store: the embedded default and a real
 * MongoDB. Each user is fresh, so scenarios never see each other's data.
 */
final class ConversationScenario {

    private final RunningApp app;

    ConversationScenario(RunningApp app) {
        this.app = app;
    }

    private Client newUser() {
        return new Client(app, "user-" + UUID.randomUUID());
    }

    /** Create, stream a turn, read the transcript with its parts, rename, pin, unpin, list, delete. */
    void fullConversationWithAStreamedTurn() {
        Client alice = newUser();
        Client.Answer created = alice.post("/api/conversations", Map.of("title", "Recipes"));
        assertThat(created.status()).isEqualTo(HttpStatus.CREATED);
        String id = created.id();

        List<ServerSentEvent<Map<String, Object>>> events = alice.completeTurn(id, "hello streaming world");

        List<String> types = events.stream().map(ServerSentEvent::event).toList();
        assertThat(types.get(0)).isEqualTo("turn_start");
        assertThat(types).containsSubsequence("thinking", "tool_call", "tool_result", "token", "done");
        assertThat(types.get(types.size() - 1)).isEqualTo("done");
        assertThat(events).allSatisfy(event -> assertThat(event.id()).isNotBlank());
        String streamed = events.stream()
                .filter(event -> "token".equals(event.event()))
                .map(event -> (String) event.data().get("content"))
                .collect(Collectors.joining());
        Map<String, Object> done = events.get(events.size() - 1).data();
        assertThat(done.get("content"))
                .isEqualTo("You said: hello streaming world")
                .isEqualTo(streamed);
        long version = ((Number) done.get("version")).longValue();

        List<Map<String, Object>> messages = alice.messages(id, version);
        assertThat(messages).extracting(m -> m.get("role")).containsExactly("user", "assistant");
        assertThat(messages)
                .extracting(m -> ((Number) m.get("position")).longValue())
                .containsExactly(1L, 2L);
        Map<String, Object> answer = messages.get(1);
        assertThat(answer.get("content")).isEqualTo("You said: hello streaming world");
        assertThat(answer.get("model")).isEqualTo("threadline-scripted");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parts = (List<Map<String, Object>>) answer.get("parts");
        assertThat(parts).extracting(p -> p.get("type")).containsExactly("reasoning", "tool_call", "text");
        assertThat(parts.get(1))
                .containsEntry("tool", "word_count")
                .containsEntry("result", "3 words")
                .containsEntry("status", "completed");

        long renamed = alice.patch("/api/conversations/" + id, Map.of("title", "Soups", "pinned", true))
                .version();
        Map<String, Object> conversation =
                alice.get("/api/conversations/" + id + "?minVersion=" + renamed).body();
        assertThat(conversation).containsEntry("title", "Soups").containsEntry("pinned", true);
        assertThat(conversation.get("messageCount")).isEqualTo(2);

        String other = alice.startConversation("Later");
        long otherVersion = alice.post("/api/conversations/" + other + "/messages", Map.of("content", "newer"))
                .version();
        alice.caughtUp(other, otherVersion);
        assertThat(listedIds(alice)).containsExactly(id, other);

        long unpinned =
                alice.patch("/api/conversations/" + id, Map.of("pinned", false)).version();
        alice.caughtUp(id, unpinned);
        assertThat(listedIds(alice)).containsExactly(other, id);

        assertThat(alice.delete("/api/conversations/" + id).status()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alice.get("/api/conversations/" + id).status() == HttpStatus.NOT_FOUND);
        assertThat(listedIds(alice)).containsExactly(other);
    }

    @SuppressWarnings("unchecked")
    private static List<String> listedIds(Client client) {
        List<Map<String, Object>> items = (List<Map<String, Object>>)
                client.get("/api/conversations").body().get("items");
        return items.stream().map(item -> (String) item.get("id")).toList();
    }

    /** Someone else's conversation does not exist for them: 404 on every read and write. */
    void strangerGetsNotFound() {
        Client owner = newUser();
        Client stranger = newUser();
        String id = owner.startConversation("Private");
        String path = "/api/conversations/" + id;

        assertThat(stranger.get(path).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stranger.get(path + "/messages").status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stranger.patch(path, Map.of("title", "Mine")).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stranger.post(path + "/messages", Map.of("content", "hi")).status())
                .isEqualTo(HttpStatus.NOT_FOUND);
        Client.Answer turn = stranger.post(path + "/turns", Map.of("content", "hi"));
        assertThat(turn.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(turn.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(stranger.delete(path).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(stranger.get("/api/conversations/no-such-id").status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    /** A message one character over the limit is refused with a clear problem, and nothing is saved. */
    void tooLongMessageIsRefused() {
        Client alice = newUser();
        String id = alice.startConversation("Limits");

        Client.Answer refused =
                alice.post("/api/conversations/" + id + "/turns", Map.of("content", "a".repeat(16_001)));

        assertThat(refused.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.body().get("detail")).isEqualTo("Message too long (16,001 characters). Maximum is 16,000.");
        long version = alice.post("/api/conversations/" + id + "/messages", Map.of("content", "a".repeat(16_000)))
                .version();
        assertThat(alice.messages(id, version)).hasSize(1);
    }

    /** Several clients posting at once to one conversation: nothing lost, nothing twice, positions 1..n. */
    void concurrentPostersLoseNothing() throws Exception {
        Client alice = newUser();
        String id = alice.startConversation("Busy");
        int clients = 8;
        int perClient = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> IntStream.range(0, perClient)
                        .mapToObj(i -> alice.post(
                                "/api/conversations/" + id + "/messages",
                                Map.of("content", "client " + client + " message " + i)))
                        .peek(answer -> assertThat(answer.status()).isEqualTo(HttpStatus.CREATED))
                        .map(Client.Answer::version)
                        .toList()));
            }
            long highest = 0;
            for (Future<List<Long>> future : futures) {
                highest = Math.max(
                        highest,
                        future.get().stream().mapToLong(Long::longValue).max().orElse(0));
            }
            List<Map<String, Object>> messages = alice.messages(id, highest);
            assertThat(messages).hasSize(clients * perClient);
            assertThat(messages)
                    .extracting(m -> ((Number) m.get("position")).longValue())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, clients * perClient)
                            .boxed()
                            .toList());
            List<String> expected = IntStream.range(0, clients)
                    .boxed()
                    .flatMap(c -> IntStream.range(0, perClient).mapToObj(i -> "client " + c + " message " + i))
                    .toList();
            assertThat(messages)
                    .extracting(m -> (String) m.get("content"))
                    .containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    /** An Idempotency-Key retried returns the first answer and acts once. */
    void idempotencyKeyRetriedReturnsTheFirstResult() {
        Client alice = newUser();
        String key = UUID.randomUUID().toString();

        Client.Answer first = alice.post("/api/conversations", Map.of("title", "Once"), key);
        Client.Answer retry = alice.post("/api/conversations", Map.of("title", "Once"), key);

        assertThat(retry.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.body()).isEqualTo(first.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> listedIds(alice).size() == 1);
        assertThat(listedIds(alice)).containsExactly(first.id());

        String messageKey = UUID.randomUUID().toString();
        Client.Answer posted = alice.post(
                "/api/conversations/" + first.id() + "/messages", Map.of("content", "only once"), messageKey);
        Client.Answer again = alice.post(
                "/api/conversations/" + first.id() + "/messages", Map.of("content", "only once"), messageKey);
        assertThat(again.body()).isEqualTo(posted.body());
        assertThat(alice.messages(first.id(), posted.version())).hasSize(1);

        Client.Answer misuse = alice.post(
                "/api/conversations/" + first.id() + "/messages", Map.of("content", "something else"), messageKey);
        assertThat(misuse.status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** Only one turn runs at a time in a conversation. */
    void secondTurnWhileOneRunsIsAConflict() {
        Client alice = newUser();
        String id = alice.startConversation("One at a time");
        AtomicInteger received = new AtomicInteger();
        Disposable running = alice.turn(id, LONGEST_MESSAGE).subscribe(event -> received.incrementAndGet());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > 0);

            String key = UUID.randomUUID().toString();
            Client.Answer second = alice.post("/api/conversations/" + id + "/turns", Map.of("content", "me too"), key);

            assertThat(second.status()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(second.body().get("detail")).isEqualTo("A turn is already running in this conversation");
            // Nor may a plain message slip in before the running turn's answer.
            Client.Answer aside = alice.post("/api/conversations/" + id + "/messages", Map.of("content", "by the way"));
            assertThat(aside.status()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(aside.body().get("detail"))
                    .isEqualTo("A turn is running; wait for it to finish, then post your message");

            // A refusal of the moment is not the request's answer for good: once the turn is over, the same key acts.
            running.dispose();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> alice.post("/api/conversations/" + id + "/turns", Map.of("content", "me too"), key)
                            .status()
                            .is2xxSuccessful());
        } finally {
            running.dispose();
        }
    }

    /**
     * A client that goes away mid-turn leaves an interrupted assistant message holding what was streamed, and the
     * conversation is free for the next turn.
     */
    @SuppressWarnings("unchecked")
    void disconnectMidTurnLeavesAnInterruptedMessage() {
        Client alice = newUser();
        String id = alice.startConversation("Cut off");
        AtomicInteger tokens = new AtomicInteger();
        Disposable running = alice.turn(id, LONGEST_MESSAGE).subscribe(event -> {
            if ("token".equals(event.event())) {
                tokens.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> tokens.get() >= 5);

        running.dispose();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> messages = alice.messages(id, 0);
            assertThat(messages).hasSize(2);
            Map<String, Object> answer = messages.get(1);
            assertThat(answer)
                    .containsEntry("interrupted", true)
                    .containsEntry("interruptionReason", "Client disconnected");
            String content = (String) answer.get("content");
            assertThat(content).startsWith("You said: w").hasSizeLessThan(LONGEST_MESSAGE.length());
            List<Map<String, Object>> parts = (List<Map<String, Object>>) answer.get("parts");
            String fromParts = parts.stream()
                    .filter(part -> "text".equals(part.get("type")))
                    .map(part -> (String) part.get("content"))
                    .collect(Collectors.joining());
            assertThat(content).isEqualTo(fromParts);
        });
        List<ServerSentEvent<Map<String, Object>>> next = alice.completeTurn(id, "still there?");
        assertThat(next.get(next.size() - 1).event()).isEqualTo("done");
    }

    /** The longest message allowed: 8,000 words, so a scripted turn streams for several seconds. */
    static final String LONGEST_MESSAGE = "w ".repeat(7_999) + "w";
}
