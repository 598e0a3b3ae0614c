package dev.threadline.command.skillpack;

import dev.threadline.events.harness.SkillRef;
import java.util.List;

/**
 * A harness's skill packs resolved for a turn (DOMAIN.md §3.7): the AGENTS.md and CLAUDE.md texts of its packs in
 * order, each under a header naming its pack; whether any pack imports AGENTS.md into CLAUDE.md; and the union of
 * their skills by name (the first description wins).
 */
public record ResolvedSkillPacks(String agentsMd, String claudeMd, boolean claudeImportsAgents, List<SkillRef> skills) {

    public static final ResolvedSkillPacks NONE = new ResolvedSkillPacks(null, null, false, List.of());
}
