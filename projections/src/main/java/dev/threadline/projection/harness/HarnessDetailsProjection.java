package dev.threadline.projection.harness;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.credential.FindHarnessesUsingAgentCredential;
import dev.threadline.events.harness.HarnessCreated;
import dev.threadline.events.harness.HarnessDeleted;
import dev.threadline.events.harness.HarnessReconfigured;
import dev.threadline.events.skillpack.FindHarnessesUsingSkillPack;
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

/** Builds each owner's harnesses. */
@Component
@ProcessingGroup(HarnessDetailsProjection.GROUP)
public class HarnessDetailsProjection {

    /** How long a cascade's query waits for this read model to catch up. */
    static final Duration CASCADE_WAIT = Duration.ofSeconds(10);

    public static final String GROUP = "harness-details";

    private final MongoTemplate mongo;
    private final CaughtUp caughtUp;
    private final VersionedDocuments writes;

    public HarnessDetailsProjection(MongoTemplate mongo, CaughtUp caughtUp) {
        this.caughtUp = caughtUp;
        this.mongo = mongo;
        this.writes = new VersionedDocuments(mongo, HarnessDetails.class);
    }

    @EventHandler
    void on(HarnessCreated event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.create(
                event.harnessId().value(),
                HarnessDetails.of(
                        event.harnessId().value(),
                        event.ownerId().value(),
                        event.configuration(),
                        event.duplicatedFrom() == null
                                ? null
                                : event.duplicatedFrom().value(),
                        at,
                        at,
                        sequence));
    }

    @EventHandler
    void on(HarnessReconfigured event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.apply(event.harnessId().value(), sequence, HarnessDetails.changes(event.configuration(), at));
    }

    @EventHandler
    void on(HarnessDeleted event, @SequenceNumber long sequence) {
        writes.apply(event.harnessId().value(), sequence, new Update().set("deleted", true));
    }

    @QueryHandler
    List<String> handle(FindHarnessesUsingSkillPack query) {
        caughtUp.await(GROUP, CASCADE_WAIT);
        return mongo
                .find(
                        Query.query(where("ownerId")
                                .is(query.ownerId().value())
                                .and("deleted")
                                .is(false)
                                .and("skillPackIds")
                                .is(query.skillPackId())),
                        HarnessDetails.class)
                .stream()
                .map(HarnessDetails::id)
                .toList();
    }

    @QueryHandler
    List<String> handle(FindHarnessesUsingAgentCredential query) {
        caughtUp.await(GROUP, CASCADE_WAIT);
        return mongo
                .find(
                        Query.query(where("ownerId")
                                .is(query.ownerId().value())
                                .and("deleted")
                                .is(false)
                                .and("agentCredentialId")
                                .is(query.credentialId())),
                        HarnessDetails.class)
                .stream()
                .map(HarnessDetails::id)
                .toList();
    }

    @ResetHandler
    void reset() {
        writes.clear();
    }
}
