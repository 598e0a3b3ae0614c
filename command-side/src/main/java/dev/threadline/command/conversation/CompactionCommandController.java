package dev.threadline.command.conversation;

import dev.threadline.command.CommandResult;
import dev.threadline.events.identity.UserId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Continue from a summary: a new conversation seeded with one user message holding it. */
@RestController
class CompactionCommandController {

    private final ConversationForks forks;

    CompactionCommandController(ConversationForks forks) {
        this.forks = forks;
    }

    @PostMapping("/api/compactions/{id}/clone")
    Mono<ResponseEntity<CommandResult>> cloneFrom(UserId caller, @PathVariable String id) {
        return forks.cloneFromCompaction(caller, id)
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }
}
