package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.STRANGER;
import static dev.threadline.command.conversation.ConversationFixtures.TURN;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;
import static dev.threadline.command.conversation.RewindConversationTest.A1;
import static dev.threadline.command.conversation.RewindConversationTest.A2;
import static dev.threadline.command.conversation.RewindConversationTest.Q2;
import static dev.threadline.command.conversation.RewindConversationTest.fourMessages;
import static dev.threadline.command.conversation.RewindConversationTest.question;

import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.CompactionRecorded;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationRenamed;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.UserMessagePosted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Undo the latest rewind: possible while nothing was added or cut after it, and then it brings back exactly what the
 * rewind dropped; otherwise refused with the version to fork from. Versions below are aggregate sequences: the four
 * messages' history ends at version 4, so its first rewind is version 5.
 */
class UndoRewindTest {

    private static final MessageId Q3 = new MessageId("q3");

    /** q1, a1, q2, a2, then a rewind back to q2 (version 5, dropping a2). */
    static List<Object> rewoundToQ2() {
        List<Object> history = fourMessages();
        history.add(new ConversationRewound(CONVERSATION, 3, List.of(A2)));
        return history;
    }

    @Test
    void givenRewound_whenUndo_thenTheDroppedMessagesComeBack() {
        fixture()
                .given(rewoundToQ2())
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A2)));
    }

    @Test
    void givenRewoundAndUndone_whenPost_thenItFollowsTheRestoredMessages() {
        List<Object> history = rewoundToQ2();
        history.add(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A2)));
        fixture()
                .given(history)
                .when(new PostUserMessage(CONVERSATION, OWNER, Q3, "q5", null, Instant.EPOCH))
                .expectEvents(new UserMessagePosted(CONVERSATION, Q3, 5, OWNER, "q5", null));
    }

    @Test
    void givenRegeneratedAnswerUndone_whenCutIt_thenItsPartsAreBackToCut() {
        List<Object> history = fourMessages();
        history.add(new ConversationRewound(CONVERSATION, 3, List.of(A2)));
        history.add(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A2)));
        fixture()
                .given(history)
                .when(new TruncateMessage(CONVERSATION, OWNER, A2, 1, Instant.EPOCH))
                .expectEvents(new AssistantMessageTruncated(CONVERSATION, A2, 4, 1, "A", List.of()));
    }

    @Test
    void givenTwoRewinds_whenUndo_thenTheLatestIsUndoneFirst() {
        List<Object> history = rewoundToQ2();
        history.add(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2)));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectEvents(new ConversationRewindUndone(CONVERSATION, 6, 3, List.of(A1, Q2)));
    }

    @Test
    void givenTwoRewindsAndTheLatestUndone_whenUndo_thenTheOneBeforeIsUndoneToo() {
        List<Object> history = rewoundToQ2();
        history.add(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2)));
        history.add(new ConversationRewindUndone(CONVERSATION, 6, 3, List.of(A1, Q2)));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectEvents(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A2)));
    }

    @Test
    void givenRewoundThenRenamedAndCompacted_whenUndo_thenUndoneBecauseNoMessageWasAdded() {
        List<Object> history = rewoundToQ2();
        history.add(new ConversationRenamed(CONVERSATION, "Soups"));
        history.add(new CompactionRecorded(CONVERSATION, OWNER, "k1", "summary", "manual", 3L, null, null, null));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectEvents(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A2)));
    }

    @Test
    void givenRewoundThenANewMessage_whenUndo_thenConflictNamingTheVersionToForkFrom() {
        List<Object> history = rewoundToQ2();
        history.add(question(Q3, 4));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("The latest rewind (version 5) can no longer be undone: messages were added or"
                        + " cut after it. Fork the conversation as it was just before it instead:"
                        + " POST /api/conversations/c-1/forks {\"version\": 4}");
    }

    @Test
    void givenRewoundThenCut_whenUndo_thenConflictNamingTheVersionToForkFrom() {
        List<Object> history = fourMessages();
        history.add(new ConversationRewound(CONVERSATION, 4, List.of()));
        history.add(new AssistantMessageTruncated(CONVERSATION, A2, 4, 1, "A", List.of()));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("The latest rewind (version 5) can no longer be undone: messages were added or"
                        + " cut after it. Fork the conversation as it was just before it instead:"
                        + " POST /api/conversations/c-1/forks {\"version\": 4}");
    }

    @Test
    void givenASettledRewindAndALaterOneUndone_whenUndo_thenConflictNamingTheSettledOne() {
        List<Object> history = rewoundToQ2();
        history.add(question(Q3, 4));
        history.add(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2, Q3)));
        history.add(new ConversationRewindUndone(CONVERSATION, 7, 4, List.of(A1, Q2, Q3)));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("The latest rewind (version 5) can no longer be undone: messages were added or"
                        + " cut after it. Fork the conversation as it was just before it instead:"
                        + " POST /api/conversations/c-1/forks {\"version\": 4}");
    }

    @Test
    void givenNoRewind_whenUndo_thenNothingToUndo() {
        fixture()
                .given(fourMessages())
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("Nothing to undo: this conversation has no rewind left to undo");
    }

    @Test
    void givenRewindAlreadyUndone_whenUndoAgain_thenNothingToUndo() {
        List<Object> history = rewoundToQ2();
        history.add(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A2)));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("Nothing to undo: this conversation has no rewind left to undo");
    }

    @Test
    void givenRewoundThenATurnRunning_whenUndo_thenConflictAboutTheTurn() {
        List<Object> history = rewoundToQ2();
        history.add(question(Q3, 4));
        history.add(new TurnStarted(CONVERSATION, TURN, Q3));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("A turn is running; wait for it to finish, then undo the rewind");
    }

    @Test
    void givenRewound_whenStrangerUndoes_thenNotFound() {
        fixture()
                .given(rewoundToQ2())
                .when(new UndoRewind(CONVERSATION, STRANGER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("Conversation not found");
    }

    @Test
    void givenRewoundThenDeleted_whenUndo_thenNotFound() {
        List<Object> history = rewoundToQ2();
        history.add(new ConversationDeleted(CONVERSATION));
        fixture()
                .given(history)
                .when(new UndoRewind(CONVERSATION, OWNER, Instant.EPOCH))
                .expectNoEvents()
                .expectExceptionMessage("Conversation not found");
    }

    @Test
    void givenRewoundToQ1_whenUndo_thenRewindingAgainFindsTheRestoredMessages() {
        List<Object> history = fourMessages();
        history.add(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2, A2)));
        history.add(new ConversationRewindUndone(CONVERSATION, 5, 4, List.of(A1, Q2, A2)));
        fixture()
                .given(history)
                .when(new RewindConversation(CONVERSATION, OWNER, Q2, false, Instant.EPOCH))
                .expectEvents(new ConversationRewound(CONVERSATION, 3, List.of(A2)));
    }
}
