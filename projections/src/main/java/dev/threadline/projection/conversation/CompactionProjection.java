package dev.threadline.projection.conversation;

import dev.threadline.events.conversation.CompactionRecorded;
import dev.threadline.events.conversation.FindCompaction;
import dev.threadline.projection.CaughtUp;
import dev.threadline.projection.VersionedDocuments;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Keeps every compaction (append-only: a compaction never changes). */
@Component
@ProcessingGroup(CompactionProjection.GROUP)
public class CompactionProjection {

    public static final String GROUP = "compactions";

    private final MongoTemplate mongo;
    private final CaughtUp caughtUp;
    private final VersionedDocuments compactions;

    public CompactionProjection(MongoTemplate mongo, CaughtUp caughtUp) {
        this.mongo = mongo;
        this.caughtUp = caughtUp;
        this.compactions = new VersionedDocuments(mongo, Compaction.class);
    }

    @EventHandler
    void on(CompactionRecorded event, @Timestamp Instant at) {
        compactions.save(new Compaction(
                event.compactionId(),
                event.conversationId().value(),
                event.ownerId().value(),
                event.summary(),
                event.trigger(),
                event.atMessageCount(),
                event.preTokens(),
                event.postTokens(),
                event.model(),
                at));
    }

    /** What a clone needs: the summary and the current title of its conversation. */
    @QueryHandler
    Optional<FindCompaction.CompactionFound> handle(FindCompaction query) {
        caughtUp.await(GROUP, Duration.ofSeconds(10));
        Compaction compaction = mongo.findById(query.compactionId(), Compaction.class);
        if (compaction == null || !compaction.ownerId().equals(query.ownerId().value())) {
            return Optional.empty();
        }
        ConversationSummary conversation = mongo.findById(compaction.conversationId(), ConversationSummary.class);
        if (conversation == null || conversation.deleted()) {
            return Optional.empty();
        }
        return Optional.of(new FindCompaction.CompactionFound(
                compaction.conversationId(), conversation.title(), compaction.summary()));
    }

    @ResetHandler
    void reset() {
        compactions.clear();
    }
}
