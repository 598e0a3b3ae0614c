package dev.threadline.events.skillpack;

import dev.threadline.events.identity.UserId;
import java.util.Objects;

/** Query: the ids of the owner's live harnesses that list a skill pack. */
public record FindHarnessesUsingSkillPack(UserId ownerId, String skillPackId) {

    public FindHarnessesUsingSkillPack {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skillPackId, "skillPackId");
    }
}
