package dev.threadline.projection.conversation;

import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationEvent;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.projection.VersionedDocuments;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Builds transcripts: one document per message, and a head per conversation whose version advances with every
 * event of the conversation (also those that change no message), so a reader can wait for any write of its own.
 * A rewind moves the messages it drops aside ({@link RewoundMessage}); undoing it moves them back.
 */
@Component
@ProcessingGroup(TranscriptProjection.GROUP)
public class TranscriptProjection {

    public static final String GROUP = "transcript";

    private final VersionedDocuments heads;
    private final VersionedDocuments messages;
    private final VersionedDocuments rewound;

    public TranscriptProjection(MongoTemplate mongo) {
        this.heads = new VersionedDocuments(mongo, Transcript.class);
        this.messages = new VersionedDocuments(mongo, TranscriptMessage.class);
        this.rewound = new VersionedDocuments(mongo, RewoundMessage.class);
    }

    @EventHandler
    void on(ConversationStarted event, @SequenceNumber long sequence) {
        String id = event.conversationId().value();
        heads.create(id, new Transcript(id, event.ownerId().value(), 0, false, sequence));
    }

    @EventHandler
    void on(UserMessagePosted event, @Timestamp Instant at, @SequenceNumber long sequence) {
        if (isNew(event.conversationId(), sequence)) {
            messages.save(new TranscriptMessage(
                    event.messageId().value(),
                    event.conversationId().value(),
                    event.position(),
                    Role.USER,
                    event.authorId().value(),
                    event.content(),
                    null,
                    event.attachments().isEmpty() ? null : event.attachments(),
                    null,
                    null,
                    false,
                    null,
                    null,
                    at));
            heads.apply(event.conversationId().value(), sequence, new Update().set("messageCount", event.position()));
        }
    }

    @EventHandler
    void on(AssistantMessageRecorded event, @Timestamp Instant at, @SequenceNumber long sequence) {
        if (isNew(event.conversationId(), sequence)) {
            messages.save(new TranscriptMessage(
                    event.messageId().value(),
                    event.conversationId().value(),
                    event.position(),
                    Role.ASSISTANT,
                    null,
                    event.content(),
                    event.parts(),
                    null,
                    event.model(),
                    event.usage(),
                    event.interrupted(),
                    event.interruptionReason(),
                    event.turnId() == null ? null : event.turnId().value(),
                    at));
            heads.apply(event.conversationId().value(), sequence, new Update().set("messageCount", event.position()));
        }
    }

    @EventHandler
    void on(ConversationRewound event, @SequenceNumber long sequence) {
        if (isNew(event.conversationId(), sequence)) {
            for (Document message : messages.findAll(idsOf(event.dropped()))) {
                rewound.saveDocument(new Document("_id", message.get("_id"))
                        .append("conversationId", event.conversationId().value())
                        .append("rewindVersion", sequence)
                        .append("message", message));
                messages.delete(message.getString("_id"));
            }
            heads.apply(
                    event.conversationId().value(), sequence, new Update().set("messageCount", event.keptMessages()));
        }
    }

    @EventHandler
    void on(ConversationRewindUndone event, @SequenceNumber long sequence) {
        if (isNew(event.conversationId(), sequence)) {
            for (Document aside : rewound.findAll(idsOf(event.restored()))) {
                messages.saveDocument(aside.get("message", Document.class));
                rewound.delete(aside.getString("_id"));
            }
            heads.apply(
                    event.conversationId().value(), sequence, new Update().set("messageCount", event.messageCount()));
        }
    }

    @EventHandler
    void on(AssistantMessageTruncated event, @SequenceNumber long sequence) {
        if (isNew(event.conversationId(), sequence)) {
            event.dropped().forEach(message -> messages.delete(message.value()));
            Document kept = messages.find(event.messageId().value());
            if (kept != null) {
                List<?> parts = kept.getList("parts", Object.class);
                messages.patch(
                        event.messageId().value(),
                        new Update()
                                .set("content", event.content())
                                .set(
                                        "parts",
                                        parts == null
                                                ? List.of()
                                                : parts.subList(0, Math.min(parts.size(), event.keptParts()))));
            }
            heads.apply(event.conversationId().value(), sequence, new Update().set("messageCount", event.position()));
        }
    }

    @EventHandler
    void on(ConversationDeleted event, @SequenceNumber long sequence) {
        heads.apply(event.conversationId().value(), sequence, new Update().set("deleted", true));
    }

    /** Any other event of a conversation only advances its version. */
    @EventHandler
    void on(ConversationEvent event, @SequenceNumber long sequence) {
        heads.apply(event.conversationId().value(), sequence, new Update());
    }

    @ResetHandler
    void reset() {
        heads.clear();
        messages.clear();
        rewound.clear();
    }

    private static List<String> idsOf(List<MessageId> ids) {
        return ids.stream().map(MessageId::value).toList();
    }

    private boolean isNew(ConversationId conversationId, long sequence) {
        return heads.isNew(conversationId.value(), sequence);
    }
}
