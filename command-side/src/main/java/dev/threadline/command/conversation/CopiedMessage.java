package dev.threadline.command.conversation;

import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.Usage;
import dev.threadline.events.identity.UserId;
import java.util.List;

/** A message as a fork copies it from its source (a new id is given on copy). */
public record CopiedMessage(
        Role role,
        UserId authorId,
        String content,
        List<Attachment> attachments,
        List<MessagePart> parts,
        String model,
        Usage usage,
        boolean interrupted,
        String interruptionReason) {}
