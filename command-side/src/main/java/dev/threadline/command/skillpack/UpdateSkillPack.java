package dev.threadline.command.skillpack;

import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change a skill pack: null fields are left as they are, empty markdown clears it.
 */
public record UpdateSkillPack(UserId owner, String skillPackId, SkillPackPatch patch) {

    @TargetAggregateIdentifier
    public String skillPacksId() {
        return SkillPacks.idOf(owner);
    }
}
