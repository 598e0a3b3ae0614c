package dev.threadline.query.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.Usage;
import dev.threadline.projection.conversation.TranscriptMessage;
import java.time.Instant;
import java.util.List;

/** A conversation's messages in order, with their parts, at {@code version}. */
record TranscriptView(String conversationId, long version, List<MessageView> messages) {

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
