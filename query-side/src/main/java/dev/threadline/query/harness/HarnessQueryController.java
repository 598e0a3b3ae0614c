package dev.threadline.query.harness;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.harness.HarnessDetails;
import dev.threadline.query.ReadYourWrites;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of a person's harnesses (MCP tokens are never part of them, only whether one is set). */
@RestController
@RequestMapping("/api/harnesses")
class HarnessQueryController {

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;

    HarnessQueryController(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    /** The caller's harnesses, most recently changed first. */
    @GetMapping
    Flux<HarnessDetails> list(UserId caller) {
        return mongo.find(
                Query.query(where("ownerId").is(caller.value()).and("deleted").is(false))
                        .with(Sort.by(Sort.Direction.DESC, "updatedAt")),
                HarnessDetails.class);
    }

    @GetMapping("/{id}")
    Mono<HarnessDetails> get(UserId caller, @PathVariable String id, @RequestParam(required = false) Long minVersion) {
        return readYourWrites
                .read(mongo.findById(id, HarnessDetails.class), HarnessDetails::version, minVersion)
                .filter(harness -> harness.ownerId().equals(caller.value()) && !harness.deleted())
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("Harness not found")));
    }
}
