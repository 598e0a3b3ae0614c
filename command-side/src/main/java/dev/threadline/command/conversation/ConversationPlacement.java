package dev.threadline.command.conversation;

import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.harness.HarnessDirectory;
import dev.threadline.command.workspace.EnsureDefaultWorkspace;
import dev.threadline.command.workspace.WorkspaceDirectory;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Where a conversation may be placed: the caller's own harness and workspace, and never a mismatched pair. */
@Component
class ConversationPlacement {

    private final HarnessDirectory harnesses;
    private final WorkspaceDirectory workspaces;
    private final CommandSender commands;

    ConversationPlacement(HarnessDirectory harnesses, WorkspaceDirectory workspaces, CommandSender commands) {
        this.harnesses = harnesses;
        this.workspaces = workspaces;
        this.commands = commands;
    }

    /** Checks a new conversation's harness and workspace (either may be absent). */
    Mono<Void> checkNew(UserId caller, WorkspaceId workspaceId, HarnessId harnessId) {
        return Mono.<Void>fromRunnable(() -> {
                    if (harnessId != null && harnesses.find(harnessId, caller).isEmpty()) {
                        throw DomainException.notFound("Harness not found");
                    }
                    if (workspaceId != null) {
                        Optional<HarnessId> bound = workspaces.harnessOf(caller, workspaceId);
                        if (harnessId != null
                                && bound.isPresent()
                                && !bound.get().equals(harnessId)) {
                            throw DomainException.invalid("Workspace harness mismatch");
                        }
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The caller's workspace to move into: the one given (checked), or the Default, created if need be. */
    Mono<WorkspaceId> target(UserId caller, WorkspaceId workspaceId) {
        if (workspaceId == null) {
            return commands.send(new EnsureDefaultWorkspace(caller, WorkspaceId.random(), null))
                    .map(CommandResult::id)
                    .map(WorkspaceId::new);
        }
        return Mono.fromCallable(() -> workspaces.harnessOf(caller, workspaceId))
                .subscribeOn(Schedulers.boundedElastic())
                .thenReturn(workspaceId);
    }
}
