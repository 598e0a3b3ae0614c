package dev.threadline.query;

import dev.threadline.events.DomainException;
import java.time.Duration;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Lets a query wait, bounded, until its read model has applied a version the caller wrote (the {@code version} a
 * command answered). Without a minimum version it reads what is there.
 */
@Component
public class ReadYourWrites {

    private static final Duration POLL = Duration.ofMillis(20);

    private final Duration maxWait;

    public ReadYourWrites(@Value("${threadline.queries.max-wait:5s}") Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * Reads until the document exists with at least {@code minVersion}. Fails with NOT_READY when the wait runs
     * out; a document that does not exist and is not awaited is simply empty.
     */
    public <T> Mono<T> read(Mono<T> query, ToLongFunction<T> version, Long minVersion) {
        if (minVersion == null) {
            return query;
        }
        long attempts = Math.max(1, maxWait.toMillis() / POLL.toMillis());
        return query.filter(document -> version.applyAsLong(document) >= minVersion)
                .switchIfEmpty(Mono.error(NotYet::new))
                .retryWhen(Retry.fixedDelay(attempts, POLL)
                        .filter(NotYet.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> new DomainException(
                                DomainException.Code.NOT_READY,
                                "This view has not caught up with version %d yet; retry shortly"
                                        .formatted(minVersion))));
    }

    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }
}
