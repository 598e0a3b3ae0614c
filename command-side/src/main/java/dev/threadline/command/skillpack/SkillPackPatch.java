package dev.threadline.command.skillpack;

import dev.threadline.events.harness.SkillRef;
import java.util.List;

/** Fields to set on a skill pack; null leaves a field as it is, empty markdown clears it. */
public record SkillPackPatch(
        String name,
        String description,
        List<SkillRef> skills,
        String agentsMd,
        String claudeMd,
        Boolean claudeImportsAgents) {}
