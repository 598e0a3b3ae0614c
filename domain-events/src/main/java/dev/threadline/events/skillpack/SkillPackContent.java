package dev.threadline.events.skillpack;

import dev.threadline.events.harness.SkillRef;
import java.util.List;
import java.util.Objects;

/**
 * What a skill pack holds. Empty markdown is stored as null, and so is a false import flag.
 *
 * @param agentsMd written as AGENTS.md for every agentic harness
 * @param claudeMd written as CLAUDE.md, for claude-code only
 * @param claudeImportsAgents whether CLAUDE.md starts with an {@code @AGENTS.md} import line
 */
public record SkillPackContent(
        String name,
        String description,
        List<SkillRef> skills,
        String agentsMd,
        String claudeMd,
        Boolean claudeImportsAgents) {

    public SkillPackContent {
        Objects.requireNonNull(name, "name");
        skills = skills == null ? List.of() : List.copyOf(skills);
    }
}
