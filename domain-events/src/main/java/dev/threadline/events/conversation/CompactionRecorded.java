package dev.threadline.events.conversation;

import dev.threadline.events.identity.UserId;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A summary of the conversation so far was recorded (kept apart from the messages, so forks never copy it).
 *
 * @param summary at most 100,000 characters (longer ones are clamped)
 * @param trigger {@code manual} or {@code auto}
 * @param atMessageCount how many messages the summary covers
 */
@Revision("1")
public record CompactionRecorded(
        ConversationId conversationId,
        UserId ownerId,
        String compactionId,
        String summary,
        String trigger,
        Long atMessageCount,
        Long preTokens,
        Long postTokens,
        String model)
        implements ConversationEvent {

    public CompactionRecorded {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(compactionId, "compactionId");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(trigger, "trigger");
    }
}
