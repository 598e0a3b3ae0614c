package dev.threadline.command.credential;

import dev.threadline.command.Cascades;
import dev.threadline.command.harness.UnlinkAgentCredential;
import dev.threadline.events.credential.AgentCredentialRemoved;
import dev.threadline.events.credential.FindHarnessesUsingAgentCredential;
import dev.threadline.events.harness.HarnessId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** A removed agent credential is unlinked from every harness of its owner. Retried on failure; repeats are no-ops. */
@Component
@ProcessingGroup("agent-credential-cascade")
class AgentCredentialCascade {

    private final CommandGateway commands;
    private final QueryGateway queries;

    AgentCredentialCascade(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    void on(AgentCredentialRemoved event) {
        Cascades.sendToEach(
                queries,
                commands,
                new FindHarnessesUsingAgentCredential(event.ownerId(), event.credentialId()),
                harness -> new UnlinkAgentCredential(new HarnessId(harness), event.ownerId(), event.credentialId()));
    }
}
