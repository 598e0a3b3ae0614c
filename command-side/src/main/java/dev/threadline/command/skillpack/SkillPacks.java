package dev.threadline.command.skillpack;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.harness.SkillRef;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.skillpack.SkillPackContent;
import dev.threadline.events.skillpack.SkillPackCreated;
import dev.threadline.events.skillpack.SkillPackRemoved;
import dev.threadline.events.skillpack.SkillPackUpdated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * All skill packs of one person, as one aggregate, so that the cap on their number holds. The packs' content is
 * kept here too: a turn resolves its harness's packs from it.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class SkillPacks {

    static final int MAX_PACKS = 50;
    static final int MAX_NAME_LENGTH = 120;
    static final int MAX_MARKDOWN_LENGTH = 50_000;
    static final int MAX_SKILLS = 200;

    @AggregateIdentifier
    private String id;

    private final Map<String, SkillPackContent> packs = new LinkedHashMap<>();

    SkillPacks() {
        // for Axon and for snapshots
    }

    public static String idOf(UserId owner) {
        return "skillpacks:" + owner.value();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(CreateSkillPack command) {
        if (packs.size() >= MAX_PACKS) {
            throw DomainException.conflict("You can have at most %d skill packs".formatted(MAX_PACKS));
        }
        apply(new SkillPackCreated(command.owner(), command.skillPackId(), checked(command.content(), null)));
        return result(command.skillPackId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(UpdateSkillPack command) {
        SkillPackContent current = owned(command.skillPackId());
        SkillPackContent next = checked(command.patch(), current);
        if (!next.equals(current)) {
            apply(new SkillPackUpdated(command.owner(), command.skillPackId(), next));
        }
        return result(command.skillPackId());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    CommandResult handle(RemoveSkillPack command) {
        owned(command.skillPackId());
        apply(new SkillPackRemoved(command.owner(), command.skillPackId()));
        return result(command.skillPackId());
    }

    /** The owner's packs among {@code ids}, in that order; ids of packs that are not the owner's are ignored. */
    List<SkillPackContent> inOrder(List<String> ids) {
        List<SkillPackContent> found = new ArrayList<>();
        for (String packId : ids) {
            SkillPackContent pack = packs.get(packId);
            if (pack != null) {
                found.add(pack);
            }
        }
        return found;
    }

    /**
     * The patch's non-null fields over {@code current} (null for a new pack), checked: the name is required and
     * trimmed, an empty description, markdown or false flag becomes null.
     */
    private static SkillPackContent checked(SkillPackPatch patch, SkillPackContent current) {
        String name = patch.name() != null ? patch.name().strip() : current == null ? "" : current.name();
        if (name.isEmpty()) {
            throw DomainException.invalid("Skill pack name is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw DomainException.invalid("Skill pack name must be at most %d characters".formatted(MAX_NAME_LENGTH));
        }
        String description = patch.description() != null
                ? emptyToNull(patch.description().strip())
                : current == null ? null : current.description();
        List<SkillRef> skills =
                patch.skills() != null ? patch.skills() : current == null ? List.of() : current.skills();
        if (skills.size() > MAX_SKILLS) {
            throw DomainException.invalid("A skill pack holds at most %d skills".formatted(MAX_SKILLS));
        }
        String agentsMd = markdown("AGENTS.md", patch.agentsMd(), current == null ? null : current.agentsMd());
        String claudeMd = markdown("CLAUDE.md", patch.claudeMd(), current == null ? null : current.claudeMd());
        Boolean imports = patch.claudeImportsAgents() != null
                ? (patch.claudeImportsAgents() ? Boolean.TRUE : null)
                : current == null ? null : current.claudeImportsAgents();
        return new SkillPackContent(name, description, skills, agentsMd, claudeMd, imports);
    }

    private static String markdown(String label, String given, String current) {
        if (given == null) {
            return current;
        }
        if (given.length() > MAX_MARKDOWN_LENGTH) {
            throw DomainException.invalid("%s must be at most %,d characters".formatted(label, MAX_MARKDOWN_LENGTH));
        }
        return emptyToNull(given);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private SkillPackContent owned(String skillPackId) {
        SkillPackContent pack = packs.get(skillPackId);
        if (pack == null) {
            throw DomainException.notFound("Skill pack not found");
        }
        return pack;
    }

    private static CommandResult result(String skillPackId) {
        Long version = AggregateLifecycle.getVersion();
        return new CommandResult(skillPackId, version == null ? 0 : version);
    }

    @EventSourcingHandler
    void on(SkillPackCreated event) {
        id = idOf(event.ownerId());
        packs.put(event.skillPackId(), event.content());
    }

    @EventSourcingHandler
    void on(SkillPackUpdated event) {
        packs.put(event.skillPackId(), event.content());
    }

    @EventSourcingHandler
    void on(SkillPackRemoved event) {
        packs.remove(event.skillPackId());
    }
}
