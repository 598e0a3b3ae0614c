package dev.threadline.command.skillpack;

import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a skill pack (at most 50 per person). */
public record CreateSkillPack(UserId owner, String skillPackId, SkillPackPatch content) {

    @TargetAggregateIdentifier
    public String skillPacksId() {
        return SkillPacks.idOf(owner);
    }
}
