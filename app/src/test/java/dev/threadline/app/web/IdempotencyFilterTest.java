package dev.threadline.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.threadline.app.InJvmMongo;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a retry with the same Idempotency-Key gets after the first request's client went away: these cut-offs cannot be
 * timed over HTTP, so the filter runs here on mock exchanges against a Mongo-wire store.
 */
class IdempotencyFilterTest {

    private static final Principal ALICE = () -> "alice";
    private static final String KEY = "key-1";
    private static final String TURN = "/api/conversations/c-1/turns";

    private final InJvmMongo store = new InJvmMongo();
    private final MongoClient client = MongoClients.create(store.uri());
    private final IdempotencyFilter filter =
            new IdempotencyFilter(new ReactiveMongoTemplate(client, "threadline"), new Problems(new ObjectMapper()));
    private final AtomicInteger actions = new AtomicInteger();

    @AfterEach
    void closeStore() {
        client.close();
        store.close();
    }

    @Test
    void aRetryOfARequestCutOffBeforeItsAnswerIsToldItMayHaveActedAndDoesNotActAgain() throws Exception {
        CountDownLatch dispatched = new CountDownLatch(1);
        Disposable first = filter.filter(request(), exchange -> {
                    actions.incrementAndGet();
                    dispatched.countDown();
                    return Mono.never(); // the command is on its way; no answer yet
                })
                .subscribe();
        assertThat(dispatched.await(10, TimeUnit.SECONDS)).isTrue();

        first.dispose(); // the client leaves

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            MockServerWebExchange retry = request();
            filter.filter(retry, actOnce()).block(Duration.ofSeconds(10));
            assertThat(retry.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(retry.getResponse().getBodyAsString().block())
                    .contains("cut off before its answer and may have acted");
        });
        assertThat(actions).hasValue(1);
    }

    @Test
    void aRetryOfAStreamCutOffMidwayGetsWhatWasSentAndDoesNotActAgain() throws Exception {
        CountDownLatch firstFrameSent = new CountDownLatch(1);
        Disposable first = filter.filter(request(), exchange -> {
                    actions.incrementAndGet();
                    exchange.getResponse().setStatusCode(HttpStatus.OK);
                    exchange.getResponse().getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
                    Flux<DataBuffer> firstFrame = Flux.just(frame(exchange, "event:turn_start\ndata:{}\n\n"))
                            .doOnComplete(firstFrameSent::countDown); // after it went through the recorder
                    return exchange.getResponse().writeAndFlushWith(Flux.concat(Flux.just(firstFrame), Flux.never()));
                })
                .subscribe();
        assertThat(firstFrameSent.await(10, TimeUnit.SECONDS)).isTrue();

        first.dispose(); // the client leaves mid-turn

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            MockServerWebExchange retry = request();
            filter.filter(retry, actOnce()).block(Duration.ofSeconds(10));
            assertThat(retry.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(retry.getResponse().getHeaders().getFirst("Idempotent-Replayed"))
                    .isEqualTo("true");
            assertThat(retry.getResponse().getBodyAsString().block()).isEqualTo("event:turn_start\ndata:{}\n\n");
        });
        assertThat(actions).hasValue(1);
    }

    private static MockServerWebExchange request() {
        return MockServerWebExchange.builder(MockServerHttpRequest.post(TURN)
                        .header(IdempotencyFilter.HEADER, KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"content\":\"hello\"}"))
                .principal(ALICE)
                .build();
    }

    /** A chain for retries: it may act only if nothing acted yet. */
    private WebFilterChain actOnce() {
        return exchange -> {
            actions.incrementAndGet();
            exchange.getResponse().setStatusCode(HttpStatus.CREATED);
            return exchange.getResponse().setComplete();
        };
    }

    private static DataBuffer frame(ServerWebExchange exchange, String text) {
        return exchange.getResponse().bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
