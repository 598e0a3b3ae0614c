package dev.threadline.projection.credential;

import dev.threadline.events.credential.AgentCredentialRemoved;
import dev.threadline.events.credential.AgentCredentialStored;
import dev.threadline.events.credential.CredentialAssigned;
import dev.threadline.events.credential.CredentialRemoved;
import dev.threadline.events.credential.CredentialStored;
import dev.threadline.events.credential.CredentialUnassigned;
import dev.threadline.projection.VersionedDocuments;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Builds credential metadata; the sealed values in the events are never copied here. */
@Component
@ProcessingGroup(CredentialSummaryProjection.GROUP)
public class CredentialSummaryProjection {

    public static final String GROUP = "credential-summary";

    private final VersionedDocuments writes;

    public CredentialSummaryProjection(MongoTemplate mongo) {
        this.writes = new VersionedDocuments(mongo, CredentialSummary.class);
    }

    @EventHandler
    void on(CredentialStored event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.create(
                event.credentialId(),
                new CredentialSummary(
                        event.credentialId(),
                        event.ownerId().value(),
                        "workspace",
                        event.name(),
                        null,
                        null,
                        event.label(),
                        List.of(),
                        at,
                        false,
                        sequence));
        writes.apply(
                event.credentialId(),
                sequence,
                new Update().set("label", event.label()).set("createdAt", at));
    }

    @EventHandler
    void on(CredentialAssigned event, @SequenceNumber long sequence) {
        writes.apply(
                event.credentialId(),
                sequence,
                new Update().addToSet("workspaceIds", event.workspaceId().value()));
    }

    @EventHandler
    void on(CredentialUnassigned event, @SequenceNumber long sequence) {
        writes.apply(
                event.credentialId(),
                sequence,
                new Update().pull("workspaceIds", event.workspaceId().value()));
    }

    @EventHandler
    void on(CredentialRemoved event, @SequenceNumber long sequence) {
        writes.apply(event.credentialId(), sequence, new Update().set("deleted", true));
    }

    @EventHandler
    void on(AgentCredentialStored event, @Timestamp Instant at, @SequenceNumber long sequence) {
        writes.create(
                event.credentialId(),
                new CredentialSummary(
                        event.credentialId(),
                        event.ownerId().value(),
                        "agent",
                        null,
                        event.agent(),
                        event.kind(),
                        event.label(),
                        List.of(),
                        at,
                        false,
                        sequence));
        writes.apply(
                event.credentialId(),
                sequence,
                new Update()
                        .set("credentialKind", event.kind())
                        .set("label", event.label())
                        .set("createdAt", at));
    }

    @EventHandler
    void on(AgentCredentialRemoved event, @SequenceNumber long sequence) {
        writes.apply(event.credentialId(), sequence, new Update().set("deleted", true));
    }

    @ResetHandler
    void reset() {
        writes.clear();
    }
}
