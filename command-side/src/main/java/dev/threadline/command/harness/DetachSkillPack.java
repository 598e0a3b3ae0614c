package dev.threadline.command.harness;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a deleted skill pack from a harness's packs. */
public record DetachSkillPack(@TargetAggregateIdentifier HarnessId harnessId, UserId owner, String skillPackId) {}
