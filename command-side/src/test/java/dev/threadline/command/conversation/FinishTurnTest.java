package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.TURN;
import static dev.threadline.command.conversation.ConversationFixtures.conversationWithRunningTurn;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;
import static dev.threadline.command.conversation.ConversationFixtures.longAgo;

import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.Usage;
import dev.threadline.events.conversation.UserMessagePosted;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinishTurnTest {

    private static final MessageId ANSWER = new MessageId("a-1");
    private static final List<MessagePart> PARTS = List.of(
            MessagePart.text("A"),
            MessagePart.toolCall("call-1", "search", "{}", "found", ToolStatus.COMPLETED, null),
            MessagePart.reasoning("hmm"),
            MessagePart.text("B"));
    private static final Usage USAGE = new Usage(10, 5, 15, null);

    @Test
    void givenRunningTurn_whenFinish_thenMessageRecordedWithContentFromPartsAndTurnEnded() {
        fixture()
                .given(conversationWithRunningTurn())
                .when(new FinishTurn(CONVERSATION, TURN, ANSWER, PARTS, "model-x", USAGE, null))
                .expectEvents(
                        new AssistantMessageRecorded(
                                CONVERSATION, ANSWER, 2, TURN, "AB", PARTS, "model-x", USAGE, false, null),
                        new TurnEnded(CONVERSATION, TURN, TurnOutcome.COMPLETED, null));
    }

    @Test
    void givenRunningTurn_whenFinishInterrupted_thenInterruptedMessageKeepsContentInvariant() {
        fixture()
                .given(conversationWithRunningTurn())
                .when(new FinishTurn(CONVERSATION, TURN, ANSWER, PARTS, null, null, "Client disconnected"))
                .expectEvents(
                        new AssistantMessageRecorded(
                                CONVERSATION, ANSWER, 2, TURN, "AB", PARTS, null, null, true, "Client disconnected"),
                        new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, "Client disconnected"));
    }

    @Test
    void givenRunningTurn_whenFinishWithNothingProduced_thenOnlyTurnEnded() {
        fixture()
                .given(conversationWithRunningTurn())
                .when(new FinishTurn(CONVERSATION, TURN, ANSWER, List.of(), null, null, "Service unavailable"))
                .expectEvents(new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, "Service unavailable"));
    }

    @Test
    void givenFinishedTurn_whenNextTurnStarts_thenAllowed() {
        List<Object> history = conversationWithRunningTurn();
        history.add(new AssistantMessageRecorded(
                CONVERSATION, ANSWER, 2, TURN, "A", PARTS.subList(0, 1), null, null, false, null));
        history.add(new TurnEnded(CONVERSATION, TURN, TurnOutcome.COMPLETED, null));
        TurnId next = new TurnId("t-2");
        MessageId message = new MessageId("m-3");
        fixture()
                .given(history)
                .when(new StartTurn(CONVERSATION, OWNER, next, message, "more", null, longAgo()))
                .expectEvents(
                        new UserMessagePosted(CONVERSATION, message, 3, OWNER, "more", List.of()),
                        new TurnStarted(CONVERSATION, next, message));
    }

    @Test
    void givenConversationDeletedDuringTurn_whenFinish_thenStillSaved() {
        List<Object> history = conversationWithRunningTurn();
        history.add(new ConversationDeleted(CONVERSATION));
        fixture()
                .given(history)
                .when(new FinishTurn(CONVERSATION, TURN, ANSWER, PARTS, null, null, null))
                .expectEvents(
                        new AssistantMessageRecorded(
                                CONVERSATION, ANSWER, 2, TURN, "AB", PARTS, null, null, false, null),
                        new TurnEnded(CONVERSATION, TURN, TurnOutcome.COMPLETED, null));
    }

    @Test
    void givenEndedTurn_whenFinishedAgain_thenConflictAndNothingSavedTwice() {
        List<Object> history = conversationWithRunningTurn();
        history.add(new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, "Client disconnected"));
        fixture()
                .given(history)
                .when(new FinishTurn(CONVERSATION, TURN, ANSWER, PARTS, null, null, "Server stopped"))
                .expectNoEvents()
                .expectExceptionMessage("This turn has already ended");
    }

    @Test
    void givenAnotherTurnRunning_whenAnOldTurnIsFinished_thenConflict() {
        fixture()
                .given(conversationWithRunningTurn())
                .when(new FinishTurn(CONVERSATION, new TurnId("t-old"), ANSWER, PARTS, null, null, null))
                .expectNoEvents()
                .expectExceptionMessage("This turn has already ended");
    }
}
