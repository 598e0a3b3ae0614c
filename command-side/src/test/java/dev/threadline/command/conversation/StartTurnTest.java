package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.STRANGER;
import static dev.threadline.command.conversation.ConversationFixtures.TURN;
import static dev.threadline.command.conversation.ConversationFixtures.conversationWithMessages;
import static dev.threadline.command.conversation.ConversationFixtures.conversationWithRunningTurn;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;
import static dev.threadline.command.conversation.ConversationFixtures.longAgo;
import static dev.threadline.command.conversation.ConversationFixtures.started;

import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.UserMessagePosted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartTurnTest {

    private static final TurnId NEXT_TURN = new TurnId("t-2");
    private static final MessageId MESSAGE = new MessageId("m-new");

    private static StartTurn startTurn(String content, Instant abandonedBefore) {
        return new StartTurn(CONVERSATION, OWNER, NEXT_TURN, MESSAGE, content, null, abandonedBefore);
    }

    @Test
    void givenIdleConversation_whenStartTurn_thenMessagePostedAndTurnStarted() {
        fixture()
                .given(conversationWithMessages(1))
                .when(startTurn("hello", longAgo()))
                .expectEvents(
                        new UserMessagePosted(CONVERSATION, MESSAGE, 2, OWNER, "hello", List.of()),
                        new TurnStarted(CONVERSATION, NEXT_TURN, MESSAGE));
    }

    @Test
    void givenRunningTurn_whenStartTurn_thenConflict() {
        fixture()
                .given(conversationWithRunningTurn())
                .when(startTurn("again", longAgo()))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("A turn is already running in this conversation");
    }

    @Test
    void givenEndedTurn_whenStartTurn_thenStarted() {
        List<Object> history = conversationWithRunningTurn();
        history.add(new TurnEnded(CONVERSATION, TURN, TurnOutcome.COMPLETED, null));
        fixture()
                .given(history)
                .when(startTurn("next", longAgo()))
                .expectEvents(
                        new UserMessagePosted(CONVERSATION, MESSAGE, 2, OWNER, "next", List.of()),
                        new TurnStarted(CONVERSATION, NEXT_TURN, MESSAGE));
    }

    @Test
    void givenAbandonedTurn_whenStartTurn_thenAbandonedTurnEndsAndNextStarts() {
        // The running turn started before the abandonment horizon: its node is gone and it must not block.
        fixture()
                .given(conversationWithRunningTurn())
                .when(startTurn("next", Instant.now().plusSeconds(60)))
                .expectEvents(
                        new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, Conversation.ABANDONED),
                        new UserMessagePosted(CONVERSATION, MESSAGE, 2, OWNER, "next", List.of()),
                        new TurnStarted(CONVERSATION, NEXT_TURN, MESSAGE));
    }

    @Test
    void givenConversation_whenStrangerStartsTurn_thenNotFound() {
        fixture()
                .given(started())
                .when(new StartTurn(CONVERSATION, STRANGER, NEXT_TURN, MESSAGE, "hi", null, longAgo()))
                .expectNoEvents()
                .expectExceptionMessage("Conversation not found");
    }

    @Test
    void givenConversation_whenStartTurnWithTooLongMessage_thenTooLarge() {
        fixture()
                .given(started())
                .when(startTurn("a".repeat(16_001), longAgo()))
                .expectNoEvents()
                .expectExceptionMessage("Message too long (16,001 characters). Maximum is 16,000.");
    }

    @Test
    void givenConversation_whenStartTurnWithEmptyMessage_thenInvalid() {
        fixture()
                .given(started())
                .when(startTurn("", longAgo()))
                .expectNoEvents()
                .expectExceptionMessage("Message is empty");
    }
}
