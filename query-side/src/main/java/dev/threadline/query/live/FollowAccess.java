package dev.threadline.query.live;

import dev.threadline.events.identity.UserId;
import dev.threadline.projection.conversation.ConversationSummary;
import dev.threadline.query.ReadYourWrites;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may follow a conversation: its owner, while it exists (people with a share grant join when sharing lands).
 * Live connections ask again every {@link #RECHECK}; for those, a conversation is read at most once per
 * {@link #RECHECK} on this node, however many follow it.
 */
@Component
class FollowAccess {

    /**
     * How often live connections ask again, and how long one read answers them all: a follower who lost access is
     * cut off within about twice this, plus the time the views take to learn of it.
     */
    static final Duration RECHECK = Duration.ofMillis(250);

    private static final Duration READ_LIMIT = Duration.ofSeconds(2);

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;
    private final Map<String, Mono<Optional<ConversationSummary>>> recent = new ConcurrentHashMap<>();

    FollowAccess(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    /** Whether the caller may start following; with {@code minVersion}, once the views have caught up with it. */
    Mono<Boolean> mayFollow(String conversationId, UserId caller, Long minVersion) {
        return readYourWrites
                .read(
                        mongo.findById(conversationId, ConversationSummary.class),
                        ConversationSummary::version,
                        minVersion)
                .map(summary -> allows(summary, caller))
                .defaultIfEmpty(false);
    }

    /**
     * Whether the caller may still follow: asked again and again while the connection lasts. A read that fails or
     * does not answer decides nothing (the connection stays until a read says otherwise).
     */
    Mono<Boolean> mayStillFollow(String conversationId, UserId caller) {
        return recent.computeIfAbsent(conversationId, this::readShortly)
                .map(found -> found.filter(summary -> allows(summary, caller)).isPresent())
                .onErrorReturn(true);
    }

    private static boolean allows(ConversationSummary summary, UserId caller) {
        return !summary.deleted() && summary.ownerId().equals(caller.value());
    }

    /** One read shared by every follower of the conversation, forgotten {@link #RECHECK} after it answered. */
    private Mono<Optional<ConversationSummary>> readShortly(String conversationId) {
        return mongo.findById(conversationId, ConversationSummary.class)
                .timeout(READ_LIMIT)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doFinally(signal -> Mono.delay(RECHECK).subscribe(tick -> recent.remove(conversationId)))
                .cache();
    }
}
