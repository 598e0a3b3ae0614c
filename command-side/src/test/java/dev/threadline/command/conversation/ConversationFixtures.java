package dev.threadline.command.conversation;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** Small builders for conversation histories used by the command tests. */
final class ConversationFixtures {

    static final ConversationId CONVERSATION = new ConversationId("c-1");
    static final UserId OWNER = new UserId("owner");
    static final UserId STRANGER = new UserId("stranger");
    static final TurnId TURN = new TurnId("t-1");

    private ConversationFixtures() {}

    static AggregateTestFixture<Conversation> fixture() {
        return new AggregateTestFixture<>(Conversation.class);
    }

    static ConversationStarted started() {
        return new ConversationStarted(CONVERSATION, OWNER, "Recipes", null, null);
    }

    static UserMessagePosted posted(long position) {
        return new UserMessagePosted(
                CONVERSATION, new MessageId("m-" + position), position, OWNER, "hi " + position, null);
    }

    /** A started conversation with {@code count} user messages. */
    static List<Object> conversationWithMessages(int count) {
        List<Object> events = new ArrayList<>();
        events.add(started());
        for (int position = 1; position <= count; position++) {
            events.add(posted(position));
        }
        return events;
    }

    /** A conversation whose turn on its first message is running. */
    static List<Object> conversationWithRunningTurn() {
        List<Object> events = conversationWithMessages(1);
        events.add(new TurnStarted(CONVERSATION, TURN, new MessageId("m-1")));
        return events;
    }

    static Instant longAgo() {
        return Instant.parse("2000-01-01T00:00:00Z");
    }
}
