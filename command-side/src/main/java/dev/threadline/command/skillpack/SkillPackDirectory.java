package dev.threadline.command.skillpack;

import dev.threadline.command.AggregateReader;
import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.skillpack.SkillPackContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Resolves a harness's skill packs for a turn, honouring only packs its owner owns. */
@Component
public class SkillPackDirectory {

    private final AggregateReader<SkillPacks> packs;

    public SkillPackDirectory(@Qualifier("skillPacksRepository") Repository<SkillPacks> repository) {
        this.packs = new AggregateReader<>(repository);
    }

    public ResolvedSkillPacks resolve(UserId owner, List<String> skillPackIds) {
        if (skillPackIds.isEmpty()) {
            return ResolvedSkillPacks.NONE;
        }
        return packs.read(SkillPacks.idOf(owner), book -> resolve(book.inOrder(skillPackIds)))
                .orElse(ResolvedSkillPacks.NONE);
    }

    static ResolvedSkillPacks resolve(List<SkillPackContent> packs) {
        Map<String, SkillRef> skills = new LinkedHashMap<>();
        for (SkillPackContent pack : packs) {
            pack.skills().forEach(skill -> skills.putIfAbsent(skill.name(), skill));
        }
        return new ResolvedSkillPacks(
                joined(packs, SkillPackContent::agentsMd),
                joined(packs, SkillPackContent::claudeMd),
                packs.stream().anyMatch(pack -> Boolean.TRUE.equals(pack.claudeImportsAgents())),
                new ArrayList<>(skills.values()));
    }

    /** Each pack's non-empty text under a header comment naming the pack, joined with a blank line; null if none. */
    private static String joined(List<SkillPackContent> packs, Function<SkillPackContent, String> text) {
        String joined = packs.stream()
                .filter(pack -> text.apply(pack) != null && !text.apply(pack).isEmpty())
                .map(pack -> "<!-- Skill pack: " + pack.name() + " -->\n" + text.apply(pack))
                .collect(Collectors.joining("\n\n"));
        return joined.isEmpty() ? null : joined;
    }
}
