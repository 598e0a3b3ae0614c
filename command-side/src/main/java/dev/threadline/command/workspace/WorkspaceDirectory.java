package dev.threadline.command.workspace;

import dev.threadline.command.AggregateReader;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Optional;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** What other features need to know of a person's workspaces, read from the aggregate. */
@Component
public class WorkspaceDirectory {

    private final AggregateReader<Workspaces> workspaces;

    WorkspaceDirectory(@Qualifier("workspacesRepository") Repository<Workspaces> repository) {
        this.workspaces = new AggregateReader<>(repository);
    }

    /**
     * The harness the caller's workspace is bound to (empty if none).
     *
     * @throws DomainException NOT_FOUND "Workspace not found" when the workspace is not the caller's
     */
    public Optional<HarnessId> harnessOf(UserId caller, WorkspaceId workspaceId) {
        return workspaces
                .read(Workspaces.idOf(caller), book -> book.contains(workspaceId) ? book : null)
                .orElseThrow(() -> DomainException.notFound("Workspace not found"))
                .harnessOf(workspaceId);
    }
}
