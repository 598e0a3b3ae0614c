package dev.threadline.projection.conversation;

import dev.threadline.events.conversation.ConversationForked;
import dev.threadline.projection.VersionedDocuments;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Records each fork's and clone's link to its source, from which the lineage tree is drawn. */
@Component
@ProcessingGroup(LineageLinkProjection.GROUP)
public class LineageLinkProjection {

    public static final String GROUP = "lineage";

    private final VersionedDocuments links;

    public LineageLinkProjection(MongoTemplate mongo) {
        this.links = new VersionedDocuments(mongo, LineageLink.class);
    }

    @EventHandler
    void on(ConversationForked event, @Timestamp Instant at) {
        links.save(new LineageLink(
                event.conversationId().value(),
                event.sourceId().value(),
                event.atMessageId() == null ? null : event.atMessageId().value(),
                event.keptParts(),
                event.fromCompaction(),
                event.editedMessageId() == null ? null : event.editedMessageId().value(),
                at));
    }

    @ResetHandler
    void reset() {
        links.clear();
    }
}
