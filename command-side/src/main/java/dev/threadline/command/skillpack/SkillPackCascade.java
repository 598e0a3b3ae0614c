package dev.threadline.command.skillpack;

import dev.threadline.command.Cascades;
import dev.threadline.command.harness.DetachSkillPack;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.skillpack.FindHarnessesUsingSkillPack;
import dev.threadline.events.skillpack.SkillPackRemoved;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** A removed skill pack leaves every harness of its owner that listed it. Retried on failure; repeats are no-ops. */
@Component
@ProcessingGroup("skill-pack-cascade")
class SkillPackCascade {

    private final CommandGateway commands;
    private final QueryGateway queries;

    SkillPackCascade(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @EventHandler
    void on(SkillPackRemoved event) {
        Cascades.sendToEach(
                queries,
                commands,
                new FindHarnessesUsingSkillPack(event.ownerId(), event.skillPackId()),
                harness -> new DetachSkillPack(new HarnessId(harness), event.ownerId(), event.skillPackId()));
    }
}
