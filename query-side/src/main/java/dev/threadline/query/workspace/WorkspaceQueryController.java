package dev.threadline.query.workspace;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.workspace.WorkspaceSummary;
import dev.threadline.query.ReadYourWrites;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Reads of a person's workspaces. Every workspace command answers the version of the person's workspaces. */
@RestController
@RequestMapping("/api/workspaces")
class WorkspaceQueryController {

    /** Manual order first (unset last), then the most recently used. */
    static final Comparator<WorkspaceSummary> LIST_ORDER = Comparator.comparing(
                    WorkspaceSummary::order, Comparator.nullsLast(Comparator.<Integer>naturalOrder()))
            .thenComparing(WorkspaceSummary::lastUsedAt, Comparator.reverseOrder());

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;

    WorkspaceQueryController(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping
    Mono<List<WorkspaceSummary>> list(UserId caller, @RequestParam(required = false) Long minVersion) {
        return allOf(caller, minVersion).map(all -> all.stream()
                .filter(workspace -> !workspace.deleted())
                .sorted(LIST_ORDER)
                .toList());
    }

    @GetMapping("/{id}")
    Mono<WorkspaceSummary> get(
            UserId caller, @PathVariable String id, @RequestParam(required = false) Long minVersion) {
        return allOf(caller, minVersion)
                .flatMapIterable(all -> all)
                .filter(workspace -> workspace.id().equals(id) && !workspace.deleted())
                .next()
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("Workspace not found")));
    }

    /** All of the caller's workspaces, deleted ones included, once they reflect {@code minVersion}. */
    private Mono<List<WorkspaceSummary>> allOf(UserId caller, Long minVersion) {
        Mono<List<WorkspaceSummary>> all = mongo.find(
                        Query.query(where("ownerId").is(caller.value())), WorkspaceSummary.class)
                .collectList();
        return readYourWrites.read(
                all,
                workspaces -> workspaces.stream()
                        .mapToLong(WorkspaceSummary::version)
                        .max()
                        .orElse(-1),
                minVersion);
    }
}
