package dev.threadline.events.skillpack;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A skill pack was removed; harnesses that used it drop it in reaction. */
@Revision("1")
public record SkillPackRemoved(UserId ownerId, String skillPackId) {

    public SkillPackRemoved {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skillPackId, "skillPackId");
    }
}
