package dev.threadline.query.skillpack;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.skillpack.SkillPackDetails;
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

/** Reads of a person's skill packs. Every skill pack command answers the version of the person's packs. */
@RestController
@RequestMapping("/api/skill-packs")
class SkillPackQueryController {

    private final ReactiveMongoTemplate mongo;
    private final ReadYourWrites readYourWrites;

    SkillPackQueryController(ReactiveMongoTemplate mongo, ReadYourWrites readYourWrites) {
        this.mongo = mongo;
        this.readYourWrites = readYourWrites;
    }

    /** The caller's packs, newest first. */
    @GetMapping
    Mono<List<SkillPackDetails>> list(UserId caller, @RequestParam(required = false) Long minVersion) {
        return allOf(caller, minVersion).map(all -> all.stream()
                .filter(pack -> !pack.deleted())
                .sorted(Comparator.comparing(SkillPackDetails::createdAt).reversed())
                .toList());
    }

    @GetMapping("/{id}")
    Mono<SkillPackDetails> get(
            UserId caller, @PathVariable String id, @RequestParam(required = false) Long minVersion) {
        return allOf(caller, minVersion)
                .flatMapIterable(all -> all)
                .filter(pack -> pack.id().equals(id) && !pack.deleted())
                .next()
                .switchIfEmpty(Mono.error(() -> DomainException.notFound("Skill pack not found")));
    }

    private Mono<List<SkillPackDetails>> allOf(UserId caller, Long minVersion) {
        Mono<List<SkillPackDetails>> all = mongo.find(
                        Query.query(where("ownerId").is(caller.value())), SkillPackDetails.class)
                .collectList();
        return readYourWrites.read(
                all,
                packs -> packs.stream()
                        .mapToLong(SkillPackDetails::version)
                        .max()
                        .orElse(-1),
                minVersion);
    }
}
