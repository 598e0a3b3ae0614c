package dev.threadline.events.skillpack;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A skill pack was changed; the event carries its whole content. */
@Revision("1")
public record SkillPackUpdated(UserId ownerId, String skillPackId, SkillPackContent content) {

    public SkillPackUpdated {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skillPackId, "skillPackId");
        Objects.requireNonNull(content, "content");
    }
}
