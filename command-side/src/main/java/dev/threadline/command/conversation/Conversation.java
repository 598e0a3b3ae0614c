package dev.threadline.command.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.CompactionRecorded;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationForked;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationMoved;
import dev.threadline.events.conversation.ConversationPinned;
import dev.threadline.events.conversation.ConversationRenamed;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.ConversationUnpinned;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.harness.HarnessId;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A conversation: its owner, how many messages it holds and whether a turn is running. Message bodies live in the
 * events and the transcript read model; the aggregate keeps only what its rules need.
 */
@Aggregate(snapshotTriggerDefinition = "conversationSnapshotTrigger", cache = "conversationCache")
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Conversation {

    static final int MAX_MESSAGE_LENGTH = 16_000;
    static final int MAX_TITLE_LENGTH = 200;
    static final String DEFAULT_TITLE = "New conversation";
    static final int MAX_SUMMARY_LENGTH = 100_000;
    static final String ABANDONED = "The turn was abandoned";
    static final Set<String> COMPACTION_TRIGGERS = Set.of("manual", "auto");

    @AggregateIdentifier
    private ConversationId conversationId;

    private UserId ownerId;
    private String title;
    private WorkspaceId workspaceId;
    private HarnessId harnessId;
    private boolean deleted;
    private boolean pinned;
    private long messageCount;
    /** Message ids by position (index 0 is position 1): what a rewind needs to find a message. */
    private List<MessageId> messageIds = new ArrayList<>();
    /** The newest assistant message, whose parts a mid-message rewind cuts; null once rewound away. */
    private MessageId lastAssistantId;

    private long lastAssistantPosition;
    private List<MessagePart> lastAssistantParts;
    private TurnId runningTurn;
    private Instant runningTurnStartedAt;
    /**
     * The rewinds that can still be undone, oldest first, each with what it dropped and the last assistant message
     * it replaced; emptied as soon as a message is added or cut.
     */
    private List<UndoableRewind> undoableRewinds = new ArrayList<>();
    /** The version of the newest rewind that is not undone and can no longer be undone; 0 when there is none. */
    private long settledRewindVersion;

    private long version;

    Conversation() {
        // for Axon and for snapshots
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    CommandResult handle(StartConversation command) {
        apply(new ConversationStarted(
                command.conversationId(),
                command.requester(),
                titleOrDefault(command.title()),
                command.workspaceId(),
                command.harnessId()));
        return result(command.conversationId().value());
    }

    @CommandHandler
    CommandResult handle(PostUserMessage command) {
        requireOwner(command.requester());
        requireValidContent(command.content(), command.attachments());
        // The running turn's answer takes the next position: a message posted now would sit before an answer that
        // never saw it.
        requireNoLiveTurn(
                command.abandonedBefore(), "A turn is running; wait for it to finish, then post your message");
        postUserMessage(command.messageId(), command.requester(), command.content(), command.attachments());
        return result(command.messageId().value());
    }

    @CommandHandler
    CommandResult handle(StartTurn command) {
        requireOwner(command.requester());
        requireValidContent(command.content(), command.attachments());
        requireNoLiveTurn(command.abandonedBefore(), "A turn is already running in this conversation");
        postUserMessage(command.messageId(), command.requester(), command.content(), command.attachments());
        apply(new TurnStarted(conversationId, command.turnId(), command.messageId()));
        return result(command.messageId().value());
    }

    @CommandHandler
    CommandResult handle(FinishTurn command) {
        // A turn is finished once, by the server that ran it or by the one that recovers it after a crash. It is saved
        // even if the conversation was deleted meanwhile, so that nothing produced is lost.
        if (!command.turnId().equals(runningTurn)) {
            throw DomainException.conflict("This turn has already ended");
        }
        List<MessagePart> parts = command.parts() == null ? List.of() : command.parts();
        boolean interrupted = command.interruptionReason() != null;
        if (!parts.isEmpty()) {
            apply(new AssistantMessageRecorded(
                    conversationId,
                    command.messageId(),
                    messageCount + 1,
                    command.turnId(),
                    MessagePart.contentOf(parts),
                    parts,
                    command.model(),
                    command.usage(),
                    interrupted,
                    command.interruptionReason()));
        }
        apply(new TurnEnded(
                conversationId,
                command.turnId(),
                interrupted ? TurnOutcome.INTERRUPTED : TurnOutcome.COMPLETED,
                command.interruptionReason()));
        return result(command.messageId().value());
    }

    @CommandHandler
    CommandResult handle(RenameConversation command) {
        requireOwner(command.requester());
        apply(new ConversationRenamed(conversationId, titleOrDefault(command.title())));
        return result(conversationId.value());
    }

    @CommandHandler
    CommandResult handle(PinConversation command) {
        requireOwner(command.requester());
        apply(new ConversationPinned(conversationId));
        return result(conversationId.value());
    }

    @CommandHandler
    CommandResult handle(UnpinConversation command) {
        requireOwner(command.requester());
        if (pinned) {
            apply(new ConversationUnpinned(conversationId));
        }
        return result(conversationId.value());
    }

    @CommandHandler
    CommandResult handle(RewindConversation command) {
        requireOwner(command.requester());
        int index = messageIds.indexOf(command.messageId());
        if (index < 0) {
            throw DomainException.notFound("Message not found");
        }
        requireNoLiveTurn(command.abandonedBefore(), "A turn is running; wait for it to finish, then rewind");
        int kept = command.inclusive() ? index : index + 1;
        apply(new ConversationRewound(conversationId, kept, List.copyOf(messageIds.subList(kept, messageIds.size()))));
        return result(command.messageId().value());
    }

    @CommandHandler
    CommandResult handle(TruncateMessage command) {
        requireOwner(command.requester());
        if (!messageIds.contains(command.messageId())) {
            throw DomainException.notFound("Message not found");
        }
        if (!command.messageId().equals(lastAssistantId)) {
            throw DomainException.invalid(
                    "Only the last assistant message can be cut at a part; rewind to an earlier message instead");
        }
        requireNoLiveTurn(command.abandonedBefore(), "A turn is running; wait for it to finish, then rewind");
        List<Integer> seams = MessagePart.seams(lastAssistantParts);
        if (command.keepParts() < 1 || command.keepParts() >= lastAssistantParts.size()) {
            throw DomainException.invalid("keepParts %d is out of range: keep 1 to %d of %d parts"
                    .formatted(command.keepParts(), lastAssistantParts.size() - 1, lastAssistantParts.size()));
        }
        if (!seams.contains(command.keepParts())) {
            throw DomainException.invalid(
                    "Cutting after %d parts would split a tool call from its sub-steps; valid cuts: %s"
                            .formatted(command.keepParts(), seams));
        }
        int position = (int) lastAssistantPosition;
        List<MessagePart> kept = lastAssistantParts.subList(0, command.keepParts());
        apply(new AssistantMessageTruncated(
                conversationId,
                command.messageId(),
                position,
                command.keepParts(),
                MessagePart.contentOf(kept),
                List.copyOf(messageIds.subList(position, messageIds.size()))));
        return result(command.messageId().value());
    }

    @CommandHandler
    CommandResult handle(UndoRewind command) {
        requireOwner(command.requester());
        requireNoLiveTurn(command.abandonedBefore(), "A turn is running; wait for it to finish, then undo the rewind");
        if (undoableRewinds.isEmpty()) {
            if (settledRewindVersion == 0) {
                throw DomainException.conflict("Nothing to undo: this conversation has no rewind left to undo");
            }
            throw DomainException.conflict(
                    ("The latest rewind (version %d) can no longer be undone: messages were added"
                                    + " or cut after it. Fork the conversation as it was just before it instead:"
                                    + " POST /api/conversations/%s/forks {\"version\": %d}")
                            .formatted(settledRewindVersion, conversationId.value(), settledRewindVersion - 1));
        }
        UndoableRewind latest = undoableRewinds.get(undoableRewinds.size() - 1);
        apply(new ConversationRewindUndone(
                conversationId,
                latest.version(),
                messageCount + latest.dropped().size(),
                latest.dropped()));
        return result(conversationId.value());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    CommandResult handle(ForkConversation command) {
        apply(new ConversationStarted(
                command.conversationId(),
                command.requester(),
                titleOrDefault(command.title()),
                command.workspaceId(),
                command.harnessId()));
        apply(new ConversationForked(
                command.conversationId(),
                command.sourceId(),
                command.atMessageId(),
                command.keptParts(),
                command.fromCompaction(),
                command.editedMessageId()));
        for (CopiedMessage message : command.messages()) {
            if (message.role() == Role.USER) {
                postUserMessage(MessageId.random(), message.authorId(), message.content(), message.attachments());
            } else {
                List<MessagePart> parts = message.parts() == null ? List.of() : message.parts();
                apply(new AssistantMessageRecorded(
                        conversationId,
                        MessageId.random(),
                        messageCount + 1,
                        null,
                        MessagePart.contentOf(parts),
                        parts,
                        message.model(),
                        message.usage(),
                        message.interrupted(),
                        message.interruptionReason()));
            }
        }
        return result(command.conversationId().value());
    }

    @CommandHandler
    CommandResult handle(RecordCompaction command) {
        requireOwner(command.requester());
        if (!COMPACTION_TRIGGERS.contains(command.trigger())) {
            throw DomainException.invalid("trigger must be manual or auto");
        }
        String summary = command.summary() == null ? "" : command.summary();
        apply(new CompactionRecorded(
                conversationId,
                ownerId,
                command.compactionId(),
                summary.length() > MAX_SUMMARY_LENGTH ? summary.substring(0, MAX_SUMMARY_LENGTH) : summary,
                command.trigger(),
                command.atMessageCount(),
                command.preTokens(),
                command.postTokens(),
                command.model()));
        return result(command.compactionId());
    }

    @CommandHandler
    CommandResult handle(MoveConversation command) {
        requireOwner(command.requester());
        boolean stays = command.onlyIfUnplaced()
                ? workspaceId != null
                : command.workspaceId().equals(workspaceId);
        if (!stays) {
            apply(new ConversationMoved(conversationId, command.workspaceId()));
        }
        return result(workspaceId.value());
    }

    @CommandHandler
    CommandResult handle(DeleteConversation command) {
        requireOwner(command.requester());
        apply(new ConversationDeleted(conversationId));
        return result(conversationId.value());
    }

    /** The owner, harness and workspace a turn of this conversation runs with; null once deleted. */
    TurnSubject turnSubject() {
        return deleted ? null : new TurnSubject(ownerId, harnessId, workspaceId);
    }

    record TurnSubject(UserId ownerId, HarnessId harnessId, WorkspaceId workspaceId) {}

    /** What a fork takes from its source, for its owner only (null for anyone else and once deleted). */
    ForkSource forkSourceFor(UserId caller) {
        return deleted || !ownerId.equals(caller) ? null : new ForkSource(title, workspaceId, harnessId);
    }

    record ForkSource(String title, WorkspaceId workspaceId, HarnessId harnessId) {}

    /** The messages as the aggregate knows them: their ids by position, and the parts of the last assistant one. */
    MessageState messageState() {
        return new MessageState(List.copyOf(messageIds), messageCount, lastAssistantId, lastAssistantParts);
    }

    record MessageState(
            List<MessageId> messageIds,
            long messageCount,
            MessageId lastAssistantId,
            List<MessagePart> lastAssistantParts) {}

    /**
     * A rewind that can still be undone: its version, the messages it dropped, and the last assistant message (with
     * its parts) as it was before the rewind, which an undo brings back.
     */
    record UndoableRewind(
            long version,
            List<MessageId> dropped,
            MessageId lastAssistantId,
            long lastAssistantPosition,
            List<MessagePart> lastAssistantParts) {}

    private void postUserMessage(MessageId messageId, UserId author, String content, List<Attachment> attachments) {
        apply(new UserMessagePosted(conversationId, messageId, messageCount + 1, author, content, attachments));
    }

    /**
     * Refuses a new message while a turn runs. A turn that started before {@code abandonedBefore} does not count: its
     * server stopped without saying so, and it ends here, no longer to be finished.
     */
    private void requireNoLiveTurn(Instant abandonedBefore, String refusal) {
        if (runningTurn == null) {
            return;
        }
        if (runningTurnStartedAt.isAfter(abandonedBefore)) {
            throw DomainException.conflict(refusal);
        }
        apply(new TurnEnded(conversationId, runningTurn, TurnOutcome.INTERRUPTED, ABANDONED));
    }

    /** The turn running now, if any: for a node saving the turn of one that stopped. */
    TurnId runningTurn() {
        return runningTurn;
    }

    private void requireOwner(UserId requester) {
        if (deleted || !ownerId.equals(requester)) {
            throw DomainException.notFound("Conversation not found");
        }
    }

    private static void requireValidContent(String content, List<Attachment> attachments) {
        if (content == null || (content.isBlank() && (attachments == null || attachments.isEmpty()))) {
            throw DomainException.invalid("Message is empty");
        }
        if (content.length() > MAX_MESSAGE_LENGTH) {
            throw DomainException.tooLarge("Message too long (%,d characters). Maximum is %,d."
                    .formatted(content.length(), MAX_MESSAGE_LENGTH));
        }
        if (attachments != null && attachments.stream().anyMatch(Objects::isNull)) {
            throw DomainException.invalid("An attachment must not be null");
        }
    }

    private static String titleOrDefault(String title) {
        if (title == null || title.isBlank()) {
            return DEFAULT_TITLE;
        }
        String trimmed = title.strip();
        if (trimmed.length() > MAX_TITLE_LENGTH) {
            throw DomainException.invalid("Title must be at most %d characters".formatted(MAX_TITLE_LENGTH));
        }
        return trimmed;
    }

    private CommandResult result(String id) {
        return new CommandResult(id, version);
    }

    @EventSourcingHandler
    void on(ConversationStarted event, @SequenceNumber long sequence) {
        conversationId = event.conversationId();
        ownerId = event.ownerId();
        title = event.title();
        workspaceId = event.workspaceId();
        harnessId = event.harnessId();
        version = sequence;
    }

    @EventSourcingHandler
    void on(UserMessagePosted event, @SequenceNumber long sequence) {
        settleRewinds();
        messageCount = event.position();
        messageIds.add(event.messageId());
        version = sequence;
    }

    @EventSourcingHandler
    void on(TurnStarted event, @Timestamp Instant startedAt, @SequenceNumber long sequence) {
        runningTurn = event.turnId();
        runningTurnStartedAt = startedAt;
        version = sequence;
    }

    @EventSourcingHandler
    void on(AssistantMessageRecorded event, @SequenceNumber long sequence) {
        settleRewinds();
        messageCount = event.position();
        messageIds.add(event.messageId());
        lastAssistantId = event.messageId();
        lastAssistantPosition = event.position();
        lastAssistantParts = event.parts() == null ? List.of() : event.parts();
        version = sequence;
    }

    @EventSourcingHandler
    void on(TurnEnded event, @SequenceNumber long sequence) {
        if (event.turnId().equals(runningTurn)) {
            runningTurn = null;
            runningTurnStartedAt = null;
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationRenamed event, @SequenceNumber long sequence) {
        title = event.title();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationPinned event, @SequenceNumber long sequence) {
        pinned = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationUnpinned event, @SequenceNumber long sequence) {
        pinned = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationRewound event, @SequenceNumber long sequence) {
        undoableRewinds.add(new UndoableRewind(
                sequence, event.dropped(), lastAssistantId, lastAssistantPosition, lastAssistantParts));
        dropAfter(event.keptMessages());
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationRewindUndone event, @SequenceNumber long sequence) {
        UndoableRewind undone = undoableRewinds.isEmpty() ? null : undoableRewinds.remove(undoableRewinds.size() - 1);
        messageIds.addAll(event.restored());
        messageCount = event.messageCount();
        if (undone != null) {
            lastAssistantId = undone.lastAssistantId();
            lastAssistantPosition = undone.lastAssistantPosition();
            lastAssistantParts = undone.lastAssistantParts();
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(AssistantMessageTruncated event, @SequenceNumber long sequence) {
        settleRewinds();
        dropAfter(event.position());
        lastAssistantParts = List.copyOf(lastAssistantParts.subList(0, event.keptParts()));
        version = sequence;
    }

    @EventSourcingHandler
    void on(CompactionRecorded event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationForked event, @SequenceNumber long sequence) {
        version = sequence;
    }

    /** Something was added or cut: the rewinds before it can no longer be undone. */
    private void settleRewinds() {
        if (!undoableRewinds.isEmpty()) {
            settledRewindVersion =
                    undoableRewinds.get(undoableRewinds.size() - 1).version();
            undoableRewinds = new ArrayList<>();
        }
    }

    private void dropAfter(long kept) {
        messageIds = new ArrayList<>(messageIds.subList(0, (int) kept));
        messageCount = kept;
        if (lastAssistantPosition > kept) {
            lastAssistantId = null;
            lastAssistantPosition = 0;
            lastAssistantParts = null;
        }
    }

    @EventSourcingHandler
    void on(ConversationMoved event, @SequenceNumber long sequence) {
        workspaceId = event.workspaceId();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConversationDeleted event, @SequenceNumber long sequence) {
        deleted = true;
        version = sequence;
    }
}
