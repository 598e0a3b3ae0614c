package dev.threadline.command.skillpack;

import dev.threadline.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a skill pack; harnesses that list it drop it. */
public record RemoveSkillPack(UserId owner, String skillPackId) {

    @TargetAggregateIdentifier
    public String skillPacksId() {
        return SkillPacks.idOf(owner);
    }
}
