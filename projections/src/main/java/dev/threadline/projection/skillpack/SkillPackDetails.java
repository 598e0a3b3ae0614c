package dev.threadline.projection.skillpack;

import dev.threadline.events.harness.SkillRef;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A skill pack as its owner sees it; {@code version} is the sequence of the owner's skill packs aggregate. */
@Document("skill_packs")
public record SkillPackDetails(
        @Id String id,
        String ownerId,
        String name,
        String description,
        List<SkillRef> skills,
        String agentsMd,
        String claudeMd,
        Boolean claudeImportsAgents,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted,
        long version) {}
