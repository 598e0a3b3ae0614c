package dev.threadline.projection.conversation;

import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.Usage;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** One message of a transcript, with its ordered parts. {@code position} is 1-based and unique per conversation. */
@Document(TranscriptMessage.COLLECTION)
public record TranscriptMessage(
        @Id String id,
        String conversationId,
        long position,
        Role role,
        String authorId,
        String content,
        List<MessagePart> parts,
        List<Attachment> attachments,
        String model,
        Usage usage,
        boolean interrupted,
        String interruptionReason,
        String turnId,
        Instant createdAt) {

    public static final String COLLECTION = "transcript_messages";
}
