package dev.threadline.app.store;

import java.time.Duration;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the store behind events, tokens and read models. Uses {@code ping}, which both MongoDB and the embedded
 * Mongo-wire server answer (Boot's own indicator uses {@code hello}, which the embedded server lacks).
 */
@Component("store")
class StoreHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;
    private final String kind;

    StoreHealthIndicator(ReactiveMongoTemplate mongo, @Value("${threadline.store.uri:}") String uri) {
        super("Store health check failed");
        this.mongo = mongo;
        this.kind = uri.isBlank() ? "embedded development store" : "mongodb";
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.executeCommand(new Document("ping", 1))
                .timeout(Duration.ofSeconds(3))
                .map(answer -> builder.up().withDetail("kind", kind).build());
    }
}
