package dev.threadline.command.harness;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change a harness: fields left null are ignored; a new agent without a credential clears the credential link. */
public record UpdateHarness(@TargetAggregateIdentifier HarnessId harnessId, UserId owner, HarnessPatch fields) {}
