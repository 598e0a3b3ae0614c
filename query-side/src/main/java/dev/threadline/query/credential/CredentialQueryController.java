package dev.threadline.query.credential;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.identity.UserId;
import dev.threadline.projection.credential.CredentialSummary;
import dev.threadline.query.ReadYourWrites;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Credential metadata, newest first. Values never come back: not here, not anywhere. */
@RestController
class CredentialQueryController {

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;

    CredentialQueryController(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    /** A workspace credential's metadata. */
    record CredentialView(
            String id, String name, String label, Instant createdAt, List<String> workspaceIds, int workspaceCount) {}

    /** An agent credential's metadata. */
    record AgentCredentialView(String id, String agent, String kind, String label, Instant createdAt) {}

    /** The caller's workspace credentials, or only those assigned to {@code workspaceId}. */
    @GetMapping("/api/credentials")
    Mono<List<CredentialView>> list(
            UserId caller,
            @RequestParam(required = false) String workspaceId,
            @RequestParam(required = false) Long minVersion) {
        return live(caller, "workspace", minVersion).map(all -> all.stream()
                .filter(c -> workspaceId == null || c.workspaceIds().contains(workspaceId))
                .map(c -> new CredentialView(
                        c.id(),
                        c.name(),
                        c.label(),
                        c.createdAt(),
                        c.workspaceIds(),
                        c.workspaceIds().size()))
                .toList());
    }

    @GetMapping("/api/agent-credentials")
    Mono<List<AgentCredentialView>> listAgentCredentials(
            UserId caller, @RequestParam(required = false) Long minVersion) {
        return live(caller, "agent", minVersion).map(all -> all.stream()
                .map(c -> new AgentCredentialView(c.id(), c.agent(), c.credentialKind(), c.label(), c.createdAt()))
                .toList());
    }

    private Mono<List<CredentialSummary>> live(UserId caller, String kind, Long minVersion) {
        Mono<List<CredentialSummary>> all = mongo.find(
                        Query.query(where("ownerId").is(caller.value())), CredentialSummary.class)
                .collectList();
        return readYourWrites
                .read(
                        all,
                        list -> list.stream()
                                .mapToLong(CredentialSummary::version)
                                .max()
                                .orElse(-1),
                        minVersion)
                .map(list -> list.stream()
                        .filter(c -> c.kind().equals(kind) && !c.deleted())
                        .sorted(Comparator.comparing(CredentialSummary::createdAt)
                                .reversed())
                        .toList());
    }
}
