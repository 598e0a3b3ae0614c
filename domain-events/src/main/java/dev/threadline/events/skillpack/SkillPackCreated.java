package dev.threadline.events.skillpack;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A skill pack was created; the event carries its whole content. */
@Revision("1")
public record SkillPackCreated(UserId ownerId, String skillPackId, SkillPackContent content) {

    public SkillPackCreated {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skillPackId, "skillPackId");
        Objects.requireNonNull(content, "content");
    }
}
