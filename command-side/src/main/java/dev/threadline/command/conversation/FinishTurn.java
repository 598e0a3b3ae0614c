package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.Usage;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * End a turn, saving what the agent produced. {@code interruptionReason} set means the turn stopped early; with no
 * parts at all no assistant message is saved. The content is always derived from the parts.
 */
public record FinishTurn(
        @TargetAggregateIdentifier ConversationId conversationId,
        TurnId turnId,
        MessageId messageId,
        List<MessagePart> parts,
        String model,
        Usage usage,
        String interruptionReason) {}
