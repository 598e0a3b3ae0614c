package dev.threadline.query.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.Usage;
import dev.threadline.projection.conversation.TranscriptMessage;
import java.time.Instant;
import java.util.List;

/**
 * A conversation's messages in order, with their parts, at {@code version}. {@code seams} are the part counts at which
 * the last assistant message may be cut ({@code POST …/truncate}), so clients need no geometry of their own.
 */
record TranscriptView(String conversationId, long version, List<MessageView> messages, Seams seams) {

    /** Where the last assistant message can be cut. */
    record Seams(String messageId, List<Integer> keepParts) {}

    static TranscriptView of(String conversationId, long version, List<MessageView> messages) {
        Seams seams = null;
        for (int i = messages.size() - 1; i >= 0 && seams == null; i--) {
            MessageView message = messages.get(i);
            if (message.role() == Role.ASSISTANT && message.parts() != null) {
                seams = new Seams(message.id(), MessagePart.seams(message.parts()));
            }
        }
        return new TranscriptView(conversationId, version, messages, seams);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageView(
            String id,
            long position,
            Role role,
            String authorId,
            String content,
            List<MessagePart> parts,
            List<Attachment> attachments,
            String model,
            Usage usage,
            Boolean interrupted,
            String interruptionReason,
            Instant createdAt) {

        static MessageView of(TranscriptMessage message) {
            return new MessageView(
                    message.id(),
                    message.position(),
                    message.role(),
                    message.authorId(),
                    message.content(),
                    message.parts(),
                    message.attachments(),
                    message.model(),
                    message.usage(),
                    message.interrupted() ? Boolean.TRUE : null,
                    message.interruptionReason(),
                    message.createdAt());
        }
    }
}
