package dev.threadline.command.harness;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.credential.CredentialCipher;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.harness.McpServer;
import dev.threadline.events.harness.SandboxConfig;
import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.List;
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
import reactor.core.scheduler.Schedulers;

/** Commands on harnesses. MCP bearer tokens are sealed here, before any command or event sees them. */
@RestController
@RequestMapping("/api/harnesses")
class HarnessCommandController {

    private final CommandSender commands;
    private final CredentialCipher cipher;

    HarnessCommandController(CommandSender commands, CredentialCipher cipher) {
        this.commands = commands;
        this.cipher = cipher;
    }

    /** An MCP server as a client sends it; {@code authToken} is plaintext and write-only. */
    record McpServerRequest(String name, String url, String authType, String authToken, List<String> commandIds) {}

    record HarnessRequest(
            String name,
            String model,
            String status,
            List<McpServerRequest> mcpServers,
            List<SkillRef> skills,
            List<String> skillPackIds,
            String systemPrompt,
            List<String> suggestedPrompts,
            String agent,
            String agentCredentialId,
            String agentMode,
            String reasoningEffort,
            Boolean sandboxEnabled,
            String sandboxId,
            SandboxConfig sandboxConfig) {}

    @PostMapping
    Mono<ResponseEntity<CommandResult>> create(UserId caller, @RequestBody HarnessRequest request) {
        HarnessId harnessId = HarnessId.random();
        return patch(caller, request)
                .flatMap(fields -> commands.send(new CreateHarness(harnessId, caller, fields)))
                .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(new CommandResult(harnessId.value(), 0)));
    }

    @PatchMapping("/{id}")
    Mono<CommandResult> update(UserId caller, @PathVariable String id, @RequestBody HarnessRequest request) {
        return patch(caller, request)
                .flatMap(fields -> commands.send(new UpdateHarness(new HarnessId(id), caller, fields)));
    }

    @PostMapping("/{id}/duplicate")
    Mono<ResponseEntity<CommandResult>> duplicate(UserId caller, @PathVariable String id) {
        return commands.send(new DuplicateHarness(new HarnessId(id), caller, HarnessId.random()))
                .map(result -> ResponseEntity.status(HttpStatus.CREATED).body(result));
    }

    @DeleteMapping("/{id}")
    Mono<CommandResult> delete(UserId caller, @PathVariable String id) {
        return commands.send(new DeleteHarness(new HarnessId(id), caller));
    }

    private Mono<HarnessPatch> patch(UserId caller, HarnessRequest request) {
        if (request == null) {
            return Mono.error(DomainException.invalid("A harness needs a body"));
        }
        return Mono.fromCallable(() -> new HarnessPatch(
                        request.name(),
                        request.model(),
                        request.status(),
                        request.mcpServers() == null ? null : sealed(caller, request.mcpServers()),
                        request.skills(),
                        request.skillPackIds(),
                        request.systemPrompt(),
                        request.suggestedPrompts(),
                        request.agent(),
                        request.agentCredentialId(),
                        request.agentMode(),
                        request.reasoningEffort(),
                        request.sandboxEnabled(),
                        request.sandboxId(),
                        request.sandboxConfig()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private List<McpServer> sealed(UserId caller, List<McpServerRequest> servers) {
        return servers.stream()
                .map(server -> {
                    if (server == null || server.name() == null || server.url() == null) {
                        throw DomainException.invalid("Every MCP server needs a name and a URL");
                    }
                    String authType = server.authType() == null ? "none" : server.authType();
                    boolean hasToken =
                            server.authToken() != null && !server.authToken().isBlank();
                    return new McpServer(
                            server.name(),
                            server.url(),
                            authType,
                            hasToken ? cipher.seal(ownerScope(caller), server.authToken()) : null,
                            server.commandIds());
                })
                .toList();
    }

    /** MCP tokens are sealed under their owner's key, so a duplicated harness can still use them. */
    private static WorkspaceId ownerScope(UserId caller) {
        return new WorkspaceId("owner:" + caller.value());
    }
}
