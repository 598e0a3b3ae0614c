package dev.threadline.command.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.workspace.WorkspaceDirectory;
import dev.threadline.events.DomainException;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Write-only credentials: values come in here, are sealed at once and never come out again (listings show
 * metadata only). Workspace credentials are environment variables assignable to workspaces; agent credentials
 * log an agent in.
 */
@RestController
class CredentialCommandController {

    private final CommandSender commands;
    private final CredentialVault vault;
    private final WorkspaceDirectory workspaces;
    private final ObjectMapper json;

    CredentialCommandController(
            CommandSender commands, CredentialVault vault, WorkspaceDirectory workspaces, ObjectMapper json) {
        this.commands = commands;
        this.vault = vault;
        this.workspaces = workspaces;
        this.json = json;
    }

    /** {@code credentialId} rotates that credential; without it, the credential of that name is created or rotated. */
    record CredentialRequest(String name, String value, String label, String credentialId) {

        @Override
        public String toString() {
            return "CredentialRequest[name=" + name + ", value=(write-only)]";
        }
    }

    record AgentCredentialRequest(String agent, String kind, String value, String label, String credentialId) {

        @Override
        public String toString() {
            return "AgentCredentialRequest[agent=" + agent + ", kind=" + kind + ", value=(write-only)]";
        }
    }

    @PostMapping("/api/credentials")
    Mono<ResponseEntity<CommandResult>> store(UserId caller, @RequestBody CredentialRequest request) {
        return blocking(() ->
                        vault.store(caller, request.credentialId(), request.name(), request.label(), request.value()))
                .flatMap(commands::send)
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    @PutMapping("/api/credentials/{id}/workspaces/{workspaceId}")
    Mono<CommandResult> assign(UserId caller, @PathVariable String id, @PathVariable String workspaceId) {
        WorkspaceId workspace = new WorkspaceId(workspaceId);
        return blocking(() -> {
                    workspaces.harnessOf(caller, workspace);
                    return vault.assign(caller, id, workspace);
                })
                .flatMap(commands::send);
    }

    @DeleteMapping("/api/credentials/{id}/workspaces/{workspaceId}")
    Mono<CommandResult> unassign(UserId caller, @PathVariable String id, @PathVariable String workspaceId) {
        return commands.send(new UnassignCredential(caller, id, new WorkspaceId(workspaceId)));
    }

    @DeleteMapping("/api/credentials/{id}")
    Mono<CommandResult> remove(UserId caller, @PathVariable String id) {
        return commands.send(new RemoveCredential(caller, id))
                .flatMap(result -> blocking(() -> {
                    vault.shredCredential(id);
                    return result;
                }));
    }

    @PostMapping("/api/agent-credentials")
    Mono<ResponseEntity<CommandResult>> storeAgentCredential(
            UserId caller, @RequestBody AgentCredentialRequest request) {
        return blocking(() -> {
                    CredentialNames.checkValue(request.value());
                    checkAuthJson(request);
                    String id = request.credentialId() != null
                            ? request.credentialId()
                            : UUID.randomUUID().toString();
                    return new StoreAgentCredential(
                            caller,
                            id,
                            request.agent(),
                            request.kind(),
                            request.label(),
                            vault.sealAgentCredential(id, request.value()),
                            request.credentialId() != null);
                })
                .flatMap(commands::send)
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    @DeleteMapping("/api/agent-credentials/{id}")
    Mono<CommandResult> removeAgentCredential(UserId caller, @PathVariable String id) {
        return commands.send(new RemoveAgentCredential(caller, id))
                .flatMap(result -> blocking(() -> {
                    vault.shredCredential(id);
                    return result;
                }));
    }

    /** An auth.json must be a JSON object with the fields its agent reads. */
    private void checkAuthJson(AgentCredentialRequest request) {
        if (!"auth_json".equals(request.kind())) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(request.value());
        } catch (JsonProcessingException e) {
            throw DomainException.invalid("auth_json must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw DomainException.invalid("auth_json must be a JSON object");
        }
        boolean usable = "codex".equals(request.agent())
                ? node.has("tokens") || node.has("OPENAI_API_KEY")
                : !"cursor".equals(request.agent()) || node.has("accessToken");
        if (!usable) {
            throw DomainException.invalid("auth_json for %s lacks the fields it needs".formatted(request.agent()));
        }
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
