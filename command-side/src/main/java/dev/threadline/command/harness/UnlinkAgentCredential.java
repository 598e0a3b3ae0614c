package dev.threadline.command.harness;

import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Drop a deleted agent credential from a harness that links it. */
public record UnlinkAgentCredential(
        @TargetAggregateIdentifier HarnessId harnessId, UserId owner, String credentialId) {}
