package dev.threadline.query.live;

import dev.threadline.events.identity.UserId;
import dev.threadline.projection.conversation.ConversationSummary;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may follow a conversation: its owner, while it exists (people with a share grant join when sharing lands).
 * Live connections ask again every {@link #RECHECK}; the answer for a conversation is read at most once per
 * {@link #RECHECK} on this node, however many follow it.
 */
@Component
class FollowAccess {

    static final Duration RECHECK = Duration.ofMillis(500);

    private final ReactiveMongoTemplate mongo;
    private final Map<String, Mono<Optional<ConversationSummary>>> recent = new ConcurrentHashMap<>();

    FollowAccess(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<Boolean> mayFollow(String conversationId, UserId caller) {
        return summary(conversationId).map(found -> found.filter(
                        summary -> !summary.deleted() && summary.ownerId().equals(caller.value()))
                .isPresent());
    }

    private Mono<Optional<ConversationSummary>> summary(String conversationId) {
        return recent.compute(conversationId, (id, cached) -> cached != null ? cached : read(id));
    }

    private Mono<Optional<ConversationSummary>> read(String conversationId) {
        return mongo.findById(conversationId, ConversationSummary.class)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doFinally(signal -> Mono.delay(RECHECK).subscribe(tick -> recent.remove(conversationId)))
                .cache();
    }
}
