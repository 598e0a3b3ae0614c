package dev.threadline.command.skillpack;

import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Imports a GitHub repository's skills, to build a skill pack from. */
@RestController
class SkillImportCommandController {

    private final SkillRepoImporter importer;

    SkillImportCommandController(SkillRepoImporter importer) {
        this.importer = importer;
    }

    record ImportRequest(String source) {}

    @PostMapping("/api/skills/import")
    Mono<SkillRepoImporter.SkillRepoImport> importRepo(UserId caller, @RequestBody ImportRequest request) {
        if (request == null) {
            return Mono.error(DomainException.invalid(SkillRepoImporter.BAD_SOURCE));
        }
        return Mono.fromCallable(() -> importer.importRepo(request.source())).subscribeOn(Schedulers.boundedElastic());
    }
}
