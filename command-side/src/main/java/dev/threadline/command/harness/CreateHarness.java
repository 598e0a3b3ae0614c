package dev.threadline.command.harness;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a harness; the name is required, other fields default. */
public record CreateHarness(@TargetAggregateIdentifier HarnessId harnessId, UserId owner, HarnessPatch fields) {}
