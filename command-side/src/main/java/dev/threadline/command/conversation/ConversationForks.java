package dev.threadline.command.conversation;

import dev.threadline.command.AggregateReader;
import dev.threadline.command.CommandResult;
import dev.threadline.command.CommandSender;
import dev.threadline.command.workspace.WorkspaceDirectory;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.FindCompaction;
import dev.threadline.events.conversation.FindConversationTitles;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Fork as replay: the source's messages as they stand are read from its events, cut at the fork point, and appended
 * as the new conversation's own history, after its lineage. Any length works; the source never changes.
 */
@Component
class ConversationForks {

    private static final Pattern FORK_SUFFIX = Pattern.compile("^(.*) \\(fork(?: (\\d+))?\\)$");

    private final AggregateReader<Conversation> conversations;
    private final ConversationHistory history;
    private final WorkspaceDirectory workspaces;
    private final QueryGateway queries;
    private final CommandSender commands;

    ConversationForks(
            @Qualifier("conversationRepository") Repository<Conversation> conversations,
            ConversationHistory history,
            WorkspaceDirectory workspaces,
            QueryGateway queries,
            CommandSender commands) {
        this.conversations = new AggregateReader<>(conversations);
        this.history = history;
        this.workspaces = workspaces;
        this.queries = queries;
        this.commands = commands;
    }

    /** Forks the conversation as it stands, or as it was at {@code version} (e.g. just before a rewind). */
    Mono<CommandResult> fork(
            UserId caller,
            ConversationId sourceId,
            MessageId atMessageId,
            Integer keepParts,
            Long version,
            WorkspaceId workspaceId) {
        return Mono.fromCallable(() -> prepare(caller, sourceId, atMessageId, keepParts, version, workspaceId))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(commands::send);
    }

    private ForkConversation prepare(
            UserId caller,
            ConversationId sourceId,
            MessageId atMessageId,
            Integer keepParts,
            Long version,
            WorkspaceId workspaceId) {
        Conversation.ForkSource source = conversations
                .read(sourceId.value(), conversation -> conversation.forkSourceFor(caller))
                .orElseThrow(() -> DomainException.notFound("Conversation not found"));
        if (workspaceId != null) {
            workspaces.harnessOf(caller, workspaceId);
        }
        List<ConversationHistory.RecordedMessage> messages =
                version == null ? history.messages(sourceId) : history.messages(sourceId, version);
        List<CopiedMessage> copies = copies(messages, atMessageId, keepParts);
        return new ForkConversation(
                ConversationId.random(),
                caller,
                forkTitle(source.title(), titlesOf(caller)),
                workspaceId != null ? workspaceId : source.workspaceId(),
                source.harnessId(),
                sourceId,
                atMessageId,
                keepParts,
                null,
                null,
                copies);
    }

    /**
     * What a fork copies of {@code messages}: all of them, or those up to and including {@code atMessageId}, the last
     * one cut after {@code keepParts} parts (when it has more).
     */
    static List<CopiedMessage> copies(
            List<ConversationHistory.RecordedMessage> messages, MessageId atMessageId, Integer keepParts) {
        int end = messages.size();
        if (atMessageId != null) {
            end = indexOf(messages, atMessageId) + 1;
            if (end == 0) {
                throw DomainException.notFound("Message not found");
            }
        }
        List<CopiedMessage> copies = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            copies.add(messages.get(i).message());
        }
        if (keepParts != null && !copies.isEmpty()) {
            if (keepParts < 1) {
                throw DomainException.invalid("keepParts must be at least 1");
            }
            copies.set(copies.size() - 1, ConversationHistory.cut(copies.get(copies.size() - 1), keepParts));
        }
        return copies;
    }

    /**
     * Edit and resend: a new branch with the messages before {@code messageId} (a user message of the source) and the
     * edited message in its place. The source stays as it was.
     */
    Mono<CommandResult> editAndResend(UserId caller, ConversationId sourceId, MessageId messageId, String content) {
        if (content == null || content.isBlank()) {
            return Mono.error(DomainException.invalid("Message is empty"));
        }
        if (content.length() > Conversation.MAX_MESSAGE_LENGTH) {
            return Mono.error(DomainException.tooLarge("Message too long (%,d characters). Maximum is %,d."
                    .formatted(content.length(), Conversation.MAX_MESSAGE_LENGTH)));
        }
        return Mono.fromCallable(() -> {
                    Conversation.ForkSource source = conversations
                            .read(sourceId.value(), conversation -> conversation.forkSourceFor(caller))
                            .orElseThrow(() -> DomainException.notFound("Conversation not found"));
                    List<ConversationHistory.RecordedMessage> messages = history.messages(sourceId);
                    int index = indexOf(messages, messageId);
                    if (index < 0) {
                        throw DomainException.notFound("Message not found");
                    }
                    if (messages.get(index).message().role() != Role.USER) {
                        throw DomainException.invalid("Only a user message can be edited and resent");
                    }
                    List<CopiedMessage> copies = new ArrayList<>();
                    for (int i = 0; i < index; i++) {
                        copies.add(messages.get(i).message());
                    }
                    CopiedMessage edited = messages.get(index).message();
                    copies.add(new CopiedMessage(
                            Role.USER, caller, content, edited.attachments(), null, null, null, false, null));
                    return new ForkConversation(
                            ConversationId.random(),
                            caller,
                            source.title(),
                            source.workspaceId(),
                            source.harnessId(),
                            sourceId,
                            index == 0 ? null : messages.get(index - 1).messageId(),
                            null,
                            null,
                            messageId,
                            copies);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(commands::send);
    }

    /** A new conversation seeded with one user message holding the summary: "Session from summary of …". */
    Mono<CommandResult> cloneFromCompaction(UserId caller, String compactionId) {
        return Mono.fromCallable(() -> {
                    FindCompaction.CompactionFound found = queries.query(
                                    new FindCompaction(caller, compactionId),
                                    ResponseTypes.optionalInstanceOf(FindCompaction.CompactionFound.class))
                            .join()
                            .orElseThrow(() -> DomainException.notFound("Compaction not found"));
                    ConversationId sourceId = new ConversationId(found.conversationId());
                    Conversation.ForkSource source = conversations
                            .read(sourceId.value(), conversation -> conversation.forkSourceFor(caller))
                            .orElseThrow(() -> DomainException.notFound("Compaction not found"));
                    return new ForkConversation(
                            ConversationId.random(),
                            caller,
                            "Session from summary of " + found.conversationTitle(),
                            source.workspaceId(),
                            source.harnessId(),
                            sourceId,
                            null,
                            null,
                            compactionId,
                            null,
                            List.of(new CopiedMessage(
                                    Role.USER, caller, found.summary(), null, null, null, null, false, null)));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(commands::send);
    }

    private Set<String> titlesOf(UserId caller) {
        return new HashSet<>(
                queries.query(new FindConversationTitles(caller), ResponseTypes.multipleInstancesOf(String.class))
                        .join());
    }

    private static int indexOf(List<ConversationHistory.RecordedMessage> messages, MessageId messageId) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).messageId().equals(messageId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * "X (fork)", then "X (fork 2)", "X (fork 3)"…: the lowest free slot among the owner's titles with exactly that
     * base, where forking a fork keeps the base ("X (fork)" forks to "X (fork 2)").
     */
    static String forkTitle(String title, Set<String> existing) {
        Matcher suffix = FORK_SUFFIX.matcher(title);
        String base = suffix.matches() ? suffix.group(1) : title;
        if (!existing.contains(base + " (fork)")) {
            return base + " (fork)";
        }
        for (int slot = 2; ; slot++) {
            String candidate = base + " (fork " + slot + ")";
            if (!existing.contains(candidate)) {
                return candidate;
            }
        }
    }
}
