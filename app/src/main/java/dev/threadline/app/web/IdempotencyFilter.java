package dev.threadline.app.web;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Honours the Idempotency-Key header on POSTs: the first request acts and its answer (also a streamed turn) is
 * recorded; a retry with the same key and the same request gets that answer replayed and acts no second time. A
 * retry while the first is still running gets 409; the same key with a different request gets 422. Answers that may
 * not hold on a retry are forgotten, so that the retry can act: failures (5xx) and refusals of the moment (409 while a
 * turn runs, 429). A request whose client left before any answer was written may have acted or not: a retry gets 409
 * saying so, never a second action.
 */
@Component
class IdempotencyFilter implements WebFilter, Ordered {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;
    static final int MAX_RECORDED_BODY = 8 * 1024 * 1024;
    /** The same cap as the JSON codec's, which would refuse a larger body anyway. */
    static final int MAX_REQUEST_BODY = 256 * 1024;

    static final Duration RETENTION = Duration.ofHours(24);
    /** The status kept for a request whose client left before its answer. */
    static final int CUT_OFF = 0;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final ReactiveMongoTemplate mongo;
    private final Problems problems;

    IdempotencyFilter(ReactiveMongoTemplate mongo, Problems problems) {
        this.mongo = mongo;
        this.problems = problems;
        mongo.indexOps(IdempotentRequest.class)
                .ensureIndex(new Index("createdAt", Sort.Direction.ASC).expire(RETENTION))
                .subscribe(
                        name -> {},
                        e -> log.warn("Could not ensure the idempotency key expiry index: {}", e.toString()));
    }

    @Override
    public int getOrder() {
        return 0; // after Spring Security, which knows the caller
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String key = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (key == null || exchange.getRequest().getMethod() != HttpMethod.POST) {
            return chain.filter(exchange);
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return problems.write(
                    exchange, HttpStatus.BAD_REQUEST, HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        // Anonymous requests (token minting) have no caller to scope a key to and pass straight through.
        return exchange.getPrincipal()
                .map(Principal::getName)
                .defaultIfEmpty("")
                .flatMap(caller -> caller.isEmpty()
                        ? chain.filter(exchange)
                        : DataBufferUtils.join(exchange.getRequest().getBody(), MAX_REQUEST_BODY)
                                .map(IdempotencyFilter::drain)
                                .defaultIfEmpty(new byte[0])
                                .flatMap(body -> handle(exchange, chain, caller, key, body))
                                .onErrorResume(
                                        DataBufferLimitException.class,
                                        tooLarge -> problems.write(
                                                exchange,
                                                HttpStatus.PAYLOAD_TOO_LARGE,
                                                "The request body is too large")));
    }

    private Mono<Void> handle(
            ServerWebExchange exchange, WebFilterChain chain, String caller, String key, byte[] body) {
        String id = sha256(caller + "\n" + key);
        String fingerprint = sha256(exchange.getRequest().getURI().getRawPath() + "?"
                + exchange.getRequest().getURI().getRawQuery() + "\n" + new String(body, StandardCharsets.UTF_8));
        IdempotentRequest pending = new IdempotentRequest(id, fingerprint, false, 0, null, null, Instant.now());
        return mongo.insert(pending)
                .flatMap(inserted -> proceed(exchange, chain, id, body))
                .onErrorResume(DuplicateKeyException.class, duplicate -> replay(exchange, id, fingerprint))
                .onErrorResume(
                        down -> Problems.isStoreUnavailable(down, false)
                                && !exchange.getResponse().isCommitted(),
                        down -> problems.writeStoreUnavailable(exchange));
    }

    private Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, String id, byte[] body) {
        Recorder recorder = new Recorder(exchange.getResponse(), id);
        ServerWebExchange replayable = exchange.mutate()
                .request(new ServerHttpRequestDecorator(exchange.getRequest()) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                        return Flux.defer(() ->
                                Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
                    }
                })
                .response(recorder)
                .build();
        return chain.filter(replayable)
                .then(Mono.defer(recorder::record))
                .doOnError(error -> forget(id).subscribe())
                // A client that leaves mid-stream gets what was sent so far on retry. One that left before any answer
                // cannot be told what happened: its command runs to completion once dispatched, or never ran.
                .doOnCancel(() -> (recorder.answered() ? recorder.record() : recorder.recordCutOff()).subscribe());
    }

    private Mono<Void> replay(ServerWebExchange exchange, String id, String fingerprint) {
        return mongo.findById(id, IdempotentRequest.class).flatMap(first -> {
            if (!first.fingerprint().equals(fingerprint)) {
                return problems.write(
                        exchange,
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "This Idempotency-Key was already used for a different request");
            }
            if (!first.completed()) {
                return problems.write(
                        exchange, HttpStatus.CONFLICT, "A request with this Idempotency-Key is still in progress");
            }
            if (first.status() == CUT_OFF) {
                return problems.write(
                        exchange,
                        HttpStatus.CONFLICT,
                        "The first request with this Idempotency-Key was cut off before its answer and may have acted;"
                                + " check, then send it again with a new key");
            }
            if (first.body() == null) {
                return problems.write(
                        exchange,
                        HttpStatus.CONFLICT,
                        "This request was already processed; its answer was too large to keep for replay");
            }
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.valueOf(first.status()));
            if (first.contentType() != null) {
                response.getHeaders().setContentType(MediaType.parseMediaType(first.contentType()));
            }
            response.getHeaders().set("Idempotent-Replayed", "true");
            return response.writeWith(Mono.just(response.bufferFactory().wrap(first.body())));
        });
    }

    private Mono<Void> forget(String id) {
        return mongo.remove(Query.query(where("_id").is(id)), IdempotentRequest.class)
                .then()
                .onErrorResume(e -> bookkeepingFailed("forget an idempotent request", e));
    }

    /** The answer already went its way; a key this filter could not update is only logged. */
    private static Mono<Void> bookkeepingFailed(String what, Throwable error) {
        log.warn("Could not {}: {}", what, error.toString());
        return Mono.empty();
    }

    /** A failure, or a refusal of the moment (a turn was running, too many requests), would not hold on a retry. */
    private static boolean worthKeeping(int status) {
        return status < 500 && status != HttpStatus.CONFLICT.value() && status != HttpStatus.TOO_MANY_REQUESTS.value();
    }

    private static byte[] drain(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        DataBufferUtils.release(buffer);
        return bytes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Passes the response through while keeping a copy of what was written. A single-body answer is recorded before
     * it is sent, so a retry that follows at once already finds it; a stream is recorded when it ends.
     */
    private final class Recorder extends ServerHttpResponseDecorator {

        private final String id;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private final AtomicBoolean recorded = new AtomicBoolean();
        private boolean overflow;

        Recorder(ServerHttpResponse delegate, String id) {
            super(delegate);
            this.id = id;
        }

        /** Whether any of the answer was handed over to be sent. */
        synchronized boolean answered() {
            return overflow || copy.size() > 0;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return DataBufferUtils.join(body).flatMap(buffer -> {
                keep(buffer);
                return record().then(super.writeWith(Mono.just(buffer)));
            });
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return super.writeAndFlushWith(
                            Flux.from(body).map(part -> Flux.from(part).doOnNext(this::keep)))
                    .then(Mono.defer(this::record));
        }

        private synchronized void keep(DataBuffer buffer) {
            if (overflow) {
                return;
            }
            int size = buffer.readableByteCount();
            if (copy.size() + size > MAX_RECORDED_BODY) {
                overflow = true;
                return;
            }
            ByteBuffer bytes = ByteBuffer.allocate(size);
            buffer.toByteBuffer(buffer.readPosition(), bytes, 0, size);
            copy.writeBytes(bytes.array());
        }

        /** Records, once, that the client left before any answer: a retry is told so instead of acting again. */
        Mono<Void> recordCutOff() {
            if (!recorded.compareAndSet(false, true)) {
                return Mono.empty();
            }
            return mongo.updateFirst(
                            Query.query(where("_id").is(id)),
                            Update.update("completed", true).set("status", CUT_OFF),
                            IdempotentRequest.class)
                    .then()
                    .onErrorResume(e -> bookkeepingFailed("record a cut-off idempotent request", e));
        }

        /** Records the answer once; one that may not hold on a retry is forgotten instead, so that the retry can act. */
        Mono<Void> record() {
            if (!recorded.compareAndSet(false, true)) {
                return Mono.empty();
            }
            int status = getStatusCode() == null ? 200 : getStatusCode().value();
            if (!worthKeeping(status)) {
                return forget(id);
            }
            MediaType type = getHeaders().getContentType();
            byte[] body;
            synchronized (this) {
                body = overflow ? null : copy.toByteArray();
            }
            return mongo.findById(id, IdempotentRequest.class)
                    .flatMap(first -> mongo.save(new IdempotentRequest(
                            id,
                            first.fingerprint(),
                            true,
                            status,
                            type == null ? null : type.toString(),
                            body,
                            first.createdAt())))
                    .then()
                    .onErrorResume(e -> bookkeepingFailed("record the answer to an idempotent request", e));
        }
    }
}
