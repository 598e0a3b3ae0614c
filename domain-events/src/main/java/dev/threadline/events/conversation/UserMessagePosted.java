package dev.threadline.events.conversation;

import dev.threadline.events.identity.UserId;
import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A person posted a message; {@code position} is its 1-based place in the conversation. */
@Revision("1")
public record UserMessagePosted(
        ConversationId conversationId,
        MessageId messageId,
        long position,
        UserId authorId,
        String content,
        List<Attachment> attachments)
        implements ConversationEvent {

    public UserMessagePosted {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(content, "content");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
