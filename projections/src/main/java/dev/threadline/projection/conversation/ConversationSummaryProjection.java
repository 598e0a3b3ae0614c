package dev.threadline.projection.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationEvent;
import dev.threadline.events.conversation.ConversationMoved;
import dev.threadline.events.conversation.ConversationPinned;
import dev.threadline.events.conversation.ConversationRenamed;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.ConversationUnpinned;
import dev.threadline.events.conversation.FindConversationTitles;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.workspace.FindConversationsInWorkspace;
import dev.threadline.projection.CaughtUp;
import dev.threadline.projection.VersionedDocuments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Builds the conversation list. Every write is conditional on the version, so replays change nothing. */
@Component
@ProcessingGroup(ConversationSummaryProjection.GROUP)
public class ConversationSummaryProjection {

    /** How long a cascade's query waits for this read model to catch up. */
    static final Duration CASCADE_WAIT = Duration.ofSeconds(10);

    public static final String GROUP = "conversation-summary";

    private final MongoTemplate mongo;
    private final CaughtUp caughtUp;
    private final VersionedDocuments writes;

    public ConversationSummaryProjection(MongoTemplate mongo, CaughtUp caughtUp) {
        this.caughtUp = caughtUp;
        this.mongo = mongo;
        this.writes = new VersionedDocuments(mongo, ConversationSummary.class);
    }

    @EventHandler
    void on(ConversationStarted event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.create(
                event.conversationId().value(),
                new ConversationSummary(
                        event.conversationId().value(),
                        event.ownerId().value(),
                        event.title(),
                        event.workspaceId() == null ? null : event.workspaceId().value(),
                        event.harnessId() == null ? null : event.harnessId().value(),
                        at,
                        at,
                        null,
                        0,
                        false,
                        sequence));
    }

    @EventHandler
    void on(UserMessagePosted event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, messageAdded(event.position(), at));
    }

    @EventHandler
    void on(AssistantMessageRecorded event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, messageAdded(event.position(), at));
    }

    @EventHandler
    void on(ConversationRenamed event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().set("title", event.title()));
    }

    @EventHandler
    void on(ConversationPinned event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().set("pinnedAt", at));
    }

    @EventHandler
    void on(ConversationUnpinned event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().unset("pinnedAt"));
    }

    @EventHandler
    void on(ConversationMoved event, @SequenceNumber long sequence) {
        writes.apply(
                event.conversationId().value(),
                sequence,
                new Update().set("workspaceId", event.workspaceId().value()));
    }

    @EventHandler
    void on(ConversationRewound event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().set("messageCount", event.keptMessages()));
    }

    @EventHandler
    void on(ConversationRewindUndone event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().set("messageCount", event.messageCount()));
    }

    @EventHandler
    void on(AssistantMessageTruncated event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().set("messageCount", event.position()));
    }

    @EventHandler
    void on(ConversationDeleted event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update().set("deleted", true));
    }

    /**
     * Any other event of a conversation (a turn starting or ending, a compaction …) only advances its version, so that
     * a reader waiting for the version a command answered is not kept waiting.
     */
    @EventHandler
    void on(ConversationEvent event, @SequenceNumber long sequence) {
        writes.apply(event.conversationId().value(), sequence, new Update());
    }

    @QueryHandler
    List<String> handle(FindConversationTitles query) {
        caughtUp.await(GROUP, CASCADE_WAIT);
        return mongo
                .find(
                        Query.query(where("ownerId")
                                .is(query.ownerId().value())
                                .and("deleted")
                                .is(false)),
                        ConversationSummary.class)
                .stream()
                .map(ConversationSummary::title)
                .toList();
    }

    @QueryHandler
    List<String> handle(FindConversationsInWorkspace query) {
        caughtUp.await(GROUP, CASCADE_WAIT);
        return mongo
                .find(
                        Query.query(where("ownerId")
                                .is(query.ownerId().value())
                                .and("workspaceId")
                                .is(query.workspaceId().value())
                                .and("deleted")
                                .is(false)),
                        ConversationSummary.class)
                .stream()
                .map(ConversationSummary::id)
                .toList();
    }

    @ResetHandler
    void reset() {
        writes.clear();
    }

    private static Update messageAdded(long position, Instant at) {
        return new Update().set("messageCount", position).set("lastMessageAt", at);
    }
}
