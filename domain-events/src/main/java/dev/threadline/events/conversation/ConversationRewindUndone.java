package dev.threadline.events.conversation;

import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * The rewind recorded at version {@code rewindVersion} was undone: the messages it dropped ({@code restored}, in
 * their old order) are back after the ones it kept, with their old ids and positions, and the conversation holds
 * {@code messageCount} messages again. Nothing was added or cut between that rewind and this event.
 */
@Revision("1")
public record ConversationRewindUndone(
        ConversationId conversationId, long rewindVersion, long messageCount, List<MessageId> restored)
        implements ConversationEvent {

    public ConversationRewindUndone {
        Objects.requireNonNull(conversationId, "conversationId");
        restored = List.copyOf(restored);
    }
}
