package dev.threadline.command.harness;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Copy a harness into a new one named "Copy of …" (sandbox settings are not copied). */
public record DuplicateHarness(@TargetAggregateIdentifier HarnessId harnessId, UserId owner, HarnessId copyId) {}
