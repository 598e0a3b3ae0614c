package dev.threadline.command.workspace;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.harness.HarnessDirectory;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Commands on a person's workspaces. */
@RestController
@RequestMapping("/api/workspaces")
class WorkspaceCommandController {

    private final CommandSender commands;
    private final HarnessDirectory harnesses;

    WorkspaceCommandController(CommandSender commands, HarnessDirectory harnesses) {
        this.commands = commands;
        this.harnesses = harnesses;
    }

    record CreateRequest(String name, String harnessId, String sandboxId, String color) {}

    record DefaultRequest(String harnessId) {}

    record OrderRequest(List<String> workspaceIds) {}

    @PostMapping
    Mono<ResponseEntity<CommandResult>> create(UserId caller, @RequestBody(required = false) CreateRequest request) {
        CreateRequest body = request == null ? new CreateRequest(null, null, null, null) : request;
        WorkspaceId workspaceId = WorkspaceId.random();
        return facts(caller, body.harnessId(), true)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(harness -> commands.send(new CreateWorkspace(
                        caller, workspaceId, body.name(), harness.orElse(null), body.sandboxId(), body.color())))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    /** Get or create the caller's Default workspace; a harness is linked only if it is the caller's. */
    @PostMapping("/default")
    Mono<CommandResult> ensureDefault(UserId caller, @RequestBody(required = false) DefaultRequest request) {
        String harnessId = request == null ? null : request.harnessId();
        return facts(caller, harnessId, false)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(harness ->
                        commands.send(new EnsureDefaultWorkspace(caller, WorkspaceId.random(), harness.orElse(null))));
    }

    /**
     * Change a workspace: {@code name}, {@code color} ("" clears), {@code harnessId} and {@code sandboxId} (null
     * clears); fields left out are unchanged.
     */
    @PatchMapping("/{id}")
    Mono<CommandResult> update(UserId caller, @PathVariable String id, @RequestBody Map<String, Object> body) {
        String name = text(body, "name");
        String color = text(body, "color");
        Optional<String> sandboxId =
                body.containsKey("sandboxId") ? Optional.ofNullable(text(body, "sandboxId")) : null;
        Mono<Optional<Optional<HarnessFacts>>> harness;
        if (!body.containsKey("harnessId")) {
            harness = Mono.just(Optional.empty());
        } else if (body.get("harnessId") == null) {
            harness = Mono.just(Optional.of(Optional.empty()));
        } else {
            harness = facts(caller, text(body, "harnessId"), true).map(facts -> Optional.of(Optional.of(facts)));
        }
        return harness.flatMap(change -> commands.send(
                new UpdateWorkspace(caller, new WorkspaceId(id), name, color, change.orElse(null), sandboxId)));
    }

    @PutMapping("/order")
    Mono<CommandResult> reorder(UserId caller, @RequestBody OrderRequest request) {
        if (request == null
                || request.workspaceIds() == null
                || request.workspaceIds().contains(null)) {
            return Mono.error(DomainException.invalid("Give workspaceIds, a list of workspace ids"));
        }
        return commands.send(new ReorderWorkspaces(
                caller, request.workspaceIds().stream().map(WorkspaceId::new).toList()));
    }

    @DeleteMapping("/{id}")
    Mono<CommandResult> delete(UserId caller, @PathVariable String id) {
        return commands.send(new DeleteWorkspace(caller, new WorkspaceId(id)));
    }

    /**
     * What the workspace needs of the caller's harness; empty without a harness id. A harness that is not the
     * caller's is refused ({@code required}) or ignored.
     */
    private Mono<HarnessFacts> facts(UserId caller, String harnessId, boolean required) {
        if (harnessId == null) {
            return Mono.empty();
        }
        HarnessId id = new HarnessId(harnessId);
        return Mono.fromCallable(() -> harnesses.find(id, caller))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return required ? Mono.error(DomainException.notFound("Harness not found")) : Mono.empty();
                    }
                    HarnessConfiguration harness = found.get();
                    String sandbox = harness.isAgentHarness() ? harness.sandboxId() : null;
                    return Mono.just(new HarnessFacts(id, harness.name(), sandbox));
                });
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw DomainException.invalid(field + " must be a string");
        }
        return Objects.toString(value, null);
    }
}
