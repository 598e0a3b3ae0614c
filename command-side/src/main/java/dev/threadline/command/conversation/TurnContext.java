package dev.threadline.command.conversation;

import dev.threadline.command.AggregateReader;
import dev.threadline.command.agent.AgentMessage;
import dev.threadline.command.agent.AgentRequest;
import dev.threadline.command.credential.CredentialVault;
import dev.threadline.command.harness.HarnessDirectory;
import dev.threadline.command.skillpack.ResolvedSkillPacks;
import dev.threadline.command.skillpack.SkillPackDirectory;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.harness.HarnessConfiguration;
import dev.threadline.events.harness.SkillRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What a conversation's harness gives its turn: the model, and a system prompt made of the harness's prompt, the
 * skills it offers (its own, then its packs'; the harness wins a name clash) and its packs' AGENTS.md context.
 * Always the owner's harness and packs; the environment holds the owner's credentials assigned to the
 * conversation's workspace.
 */
@Component
class TurnContext {

    static final int SKILL_SUMMARY_LENGTH = 300;

    private final AggregateReader<Conversation> conversations;
    private final HarnessDirectory harnesses;
    private final SkillPackDirectory skillPacks;
    private final CredentialVault vault;

    TurnContext(
            @Qualifier("conversationRepository") Repository<Conversation> conversations,
            HarnessDirectory harnesses,
            SkillPackDirectory skillPacks,
            CredentialVault vault) {
        this.conversations = new AggregateReader<>(conversations);
        this.harnesses = harnesses;
        this.skillPacks = skillPacks;
        this.vault = vault;
    }

    /** Blocking: reads the conversation, its harness and the harness's skill packs. */
    AgentRequest request(ConversationId conversationId, List<AgentMessage> history) {
        Conversation.TurnSubject subject = conversations
                .read(conversationId.value(), Conversation::turnSubject)
                .orElse(null);
        if (subject == null) {
            return new AgentRequest(conversationId, null, null, history);
        }
        // Turns are the owner's own (StartTurn admits only the owner), so the owner's credentials may be used.
        Map<String, String> environment =
                subject.workspaceId() == null ? Map.of() : vault.environment(subject.ownerId(), subject.workspaceId());
        HarnessConfiguration harness = subject.harnessId() == null
                ? null
                : harnesses.find(subject.harnessId(), subject.ownerId()).orElse(null);
        if (harness == null) {
            return new AgentRequest(conversationId, null, null, history, environment);
        }
        ResolvedSkillPacks packs = skillPacks.resolve(subject.ownerId(), harness.skillPackIds());
        return new AgentRequest(
                conversationId, blankToNull(harness.model()), systemPrompt(harness, packs), history, environment);
    }

    static String systemPrompt(HarnessConfiguration harness, ResolvedSkillPacks packs) {
        List<String> sections = new ArrayList<>();
        if (harness.systemPrompt() != null && !harness.systemPrompt().isBlank()) {
            sections.add(harness.systemPrompt());
        }
        Map<String, SkillRef> skills = new LinkedHashMap<>();
        harness.skills().forEach(skill -> skills.putIfAbsent(skill.name(), skill));
        packs.skills().forEach(skill -> skills.putIfAbsent(skill.name(), skill));
        if (!skills.isEmpty()) {
            StringBuilder block = new StringBuilder("Skills available:");
            for (SkillRef skill : skills.values()) {
                block.append("\n- ").append(skill.name());
                if (skill.description() != null && !skill.description().isBlank()) {
                    block.append(": ").append(summary(skill.description()));
                }
            }
            sections.add(block.toString());
        }
        if (packs.agentsMd() != null) {
            sections.add(packs.agentsMd());
        }
        return sections.isEmpty() ? null : String.join("\n\n", sections);
    }

    private static String summary(String description) {
        String oneLine = description.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SKILL_SUMMARY_LENGTH
                ? oneLine
                : oneLine.substring(0, SKILL_SUMMARY_LENGTH - 1) + "…";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
