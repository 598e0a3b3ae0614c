package dev.threadline.projection.skillpack;

import dev.threadline.events.skillpack.SkillPackContent;
import dev.threadline.events.skillpack.SkillPackCreated;
import dev.threadline.events.skillpack.SkillPackRemoved;
import dev.threadline.events.skillpack.SkillPackUpdated;
import dev.threadline.projection.VersionedDocuments;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Builds each owner's skill packs. */
@Component
@ProcessingGroup(SkillPackDetailsProjection.GROUP)
public class SkillPackDetailsProjection {

    public static final String GROUP = "skill-pack-details";

    private final VersionedDocuments writes;

    public SkillPackDetailsProjection(MongoTemplate mongo) {
        this.writes = new VersionedDocuments(mongo, SkillPackDetails.class);
    }

    @EventHandler
    void on(SkillPackCreated event, @Timestamp Instant at, @SequenceNumber long sequence) {
        SkillPackContent c = event.content();
        writes.create(
                event.skillPackId(),
                new SkillPackDetails(
                        event.skillPackId(),
                        event.ownerId().value(),
                        c.name(),
                        c.description(),
                        c.skills(),
                        c.agentsMd(),
                        c.claudeMd(),
                        c.claudeImportsAgents(),
                        at,
                        at,
                        false,
                        sequence));
    }

    @EventHandler
    void on(SkillPackUpdated event, @Timestamp Instant at, @SequenceNumber long sequence) {
        SkillPackContent c = event.content();
        writes.apply(
                event.skillPackId(),
                sequence,
                new Update()
                        .set("name", c.name())
                        .set("description", c.description())
                        .set("skills", c.skills())
                        .set("agentsMd", c.agentsMd())
                        .set("claudeMd", c.claudeMd())
                        .set("claudeImportsAgents", c.claudeImportsAgents())
                        .set("updatedAt", at));
    }

    @EventHandler
    void on(SkillPackRemoved event, @SequenceNumber long sequence) {
        writes.apply(event.skillPackId(), sequence, new Update().set("deleted", true));
    }

    @ResetHandler
    void reset() {
        writes.clear();
    }
}
