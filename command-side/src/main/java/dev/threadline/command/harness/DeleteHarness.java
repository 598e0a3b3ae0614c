package dev.threadline.command.harness;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a harness. */
public record DeleteHarness(@TargetAggregateIdentifier HarnessId harnessId, UserId owner) {}
