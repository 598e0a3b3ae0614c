package dev.threadline.command.conversation;

import dev.threadline.command.agent.AgentMessage;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.UserMessagePosted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The messages of a conversation as they stand, folded from its own events: posts and answers appended, rewinds
 * and mid-message cuts applied, undone rewinds restored. Read from sequence 0, not from the latest snapshot: the
 * aggregate's snapshot holds no message bodies.
 */
@Component
class ConversationHistory {

    /** One message of the conversation, with everything a copy needs. */
    record RecordedMessage(MessageId messageId, CopiedMessage message) {}

    private final EventStore eventStore;

    ConversationHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Blocking: reads the event store. The messages as an agent sees them. */
    List<AgentMessage> load(ConversationId conversationId) {
        return messages(conversationId).stream()
                .map(recorded -> new AgentMessage(
                        recorded.message().role(), recorded.message().content()))
                .toList();
    }

    /** Blocking: reads the event store. The messages in position order. */
    List<RecordedMessage> messages(ConversationId conversationId) {
        return messages(conversationId, Long.MAX_VALUE);
    }

    /** Blocking: reads the event store. The messages as they were at {@code version} (an aggregate sequence). */
    List<RecordedMessage> messages(ConversationId conversationId, long version) {
        List<RecordedMessage> messages = new ArrayList<>();
        // What each rewind dropped, by its version, while it can still be undone (until a message is added or cut).
        Map<Long, List<RecordedMessage>> undoable = new HashMap<>();
        eventStore
                .readEvents(conversationId.value(), 0)
                .asStream()
                .takeWhile(event -> event.getSequenceNumber() <= version)
                .forEach(event -> {
                    Object payload = event.getPayload();
                    if (payload instanceof UserMessagePosted posted) {
                        undoable.clear();
                        messages.add(new RecordedMessage(
                                posted.messageId(),
                                new CopiedMessage(
                                        Role.USER,
                                        posted.authorId(),
                                        posted.content(),
                                        posted.attachments(),
                                        null,
                                        null,
                                        null,
                                        false,
                                        null)));
                    } else if (payload instanceof AssistantMessageRecorded recorded) {
                        undoable.clear();
                        messages.add(new RecordedMessage(
                                recorded.messageId(),
                                new CopiedMessage(
                                        Role.ASSISTANT,
                                        null,
                                        recorded.content(),
                                        null,
                                        recorded.parts(),
                                        recorded.model(),
                                        recorded.usage(),
                                        recorded.interrupted(),
                                        recorded.interruptionReason())));
                    } else if (payload instanceof ConversationRewound rewound) {
                        List<RecordedMessage> dropped = messages.subList((int) rewound.keptMessages(), messages.size());
                        undoable.put(event.getSequenceNumber(), List.copyOf(dropped));
                        dropped.clear();
                    } else if (payload instanceof ConversationRewindUndone undone) {
                        messages.addAll(undoable.getOrDefault(undone.rewindVersion(), List.of()));
                        undoable.remove(undone.rewindVersion());
                    } else if (payload instanceof AssistantMessageTruncated truncated) {
                        undoable.clear();
                        messages.subList((int) truncated.position(), messages.size())
                                .clear();
                        RecordedMessage last = messages.get(messages.size() - 1);
                        messages.set(
                                messages.size() - 1,
                                new RecordedMessage(last.messageId(), cut(last.message(), truncated.keptParts())));
                    }
                });
        return messages;
    }

    /** The message with only its first {@code keepParts} parts, its content recomputed. */
    static CopiedMessage cut(CopiedMessage message, int keepParts) {
        List<MessagePart> parts = message.parts() == null ? List.of() : message.parts();
        if (keepParts >= parts.size()) {
            return message;
        }
        List<MessagePart> kept = List.copyOf(parts.subList(0, keepParts));
        return new CopiedMessage(
                message.role(),
                message.authorId(),
                MessagePart.contentOf(kept),
                message.attachments(),
                kept,
                message.model(),
                message.usage(),
                message.interrupted(),
                message.interruptionReason());
    }
}
