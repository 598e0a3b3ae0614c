package dev.threadline.command.workspace;

import dev.threadline.command.Cascades;
import dev.threadline.command.conversation.DeleteConversation;
import dev.threadline.command.credential.CredentialVault;
import dev.threadline.command.credential.ForgetWorkspaceCredentials;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.workspace.FindConversationsInWorkspace;
import dev.threadline.events.workspace.WorkspaceDeleted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * What goes with a deleted workspace: its conversations are deleted, by commands, so each deletion is an event of
 * its conversation; its credential assignments are removed and its keys shredded, so the credential copies sealed
 * for it, which stay in the log, can never be read again. A failure fails the event, which the processor retries; deleting twice is harmless.
 */
@Component
@ProcessingGroup("workspace-cascade")
class WorkspaceCascade {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final CredentialVault vault;

    WorkspaceCascade(CommandGateway commands, QueryGateway queries, CredentialVault vault) {
        this.commands = commands;
        this.queries = queries;
        this.vault = vault;
    }

    @EventHandler
    void on(WorkspaceDeleted event) {
        Cascades.sendToEach(
                queries,
                commands,
                new FindConversationsInWorkspace(event.ownerId(), event.workspaceId()),
                conversation -> new DeleteConversation(new ConversationId(conversation), event.ownerId()));
        commands.sendAndWait(new ForgetWorkspaceCredentials(event.ownerId(), event.workspaceId()));
        vault.shredWorkspace(event.workspaceId());
    }
}
