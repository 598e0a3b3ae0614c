package dev.threadline.command.conversation;

import dev.threadline.command.agent.AgentMessage;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.UserMessagePosted;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** The messages of a conversation as an agent sees them, folded from the conversation's own events. */
@Component
class ConversationHistory {

    private final EventStore eventStore;

    ConversationHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Blocking: reads the event store. */
    List<AgentMessage> load(ConversationId conversationId) {
        List<AgentMessage> messages = new ArrayList<>();
        // From sequence 0, not from the latest snapshot: the aggregate's snapshot holds no message bodies.
        eventStore.readEvents(conversationId.value(), 0).asStream().forEach(event -> {
            if (event.getPayload() instanceof UserMessagePosted posted) {
                messages.add(new AgentMessage(Role.USER, posted.content()));
            } else if (event.getPayload() instanceof AssistantMessageRecorded recorded) {
                messages.add(new AgentMessage(Role.ASSISTANT, recorded.content()));
            }
        });
        return messages;
    }
}
