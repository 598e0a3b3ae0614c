package dev.threadline.command.skillpack;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Commands on a person's skill packs. */
@RestController
@RequestMapping("/api/skill-packs")
class SkillPackCommandController {

    private final CommandSender commands;

    SkillPackCommandController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping
    Mono<ResponseEntity<CommandResult>> create(UserId caller, @RequestBody SkillPackPatch request) {
        if (request == null) {
            return Mono.error(DomainException.invalid("A skill pack needs a body"));
        }
        return commands.send(new CreateSkillPack(caller, UUID.randomUUID().toString(), request))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    @PatchMapping("/{id}")
    Mono<CommandResult> update(UserId caller, @PathVariable String id, @RequestBody SkillPackPatch request) {
        return commands.send(new UpdateSkillPack(caller, id, request));
    }

    @DeleteMapping("/{id}")
    Mono<CommandResult> remove(UserId caller, @PathVariable String id) {
        return commands.send(new RemoveSkillPack(caller, id));
    }
}
