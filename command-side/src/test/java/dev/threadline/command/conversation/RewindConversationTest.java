package dev.threadline.command.conversation;

import static dev.threadline.command.conversation.ConversationFixtures.CONVERSATION;
import static dev.threadline.command.conversation.ConversationFixtures.OWNER;
import static dev.threadline.command.conversation.ConversationFixtures.STRANGER;
import static dev.threadline.command.conversation.ConversationFixtures.TURN;
import static dev.threadline.command.conversation.ConversationFixtures.fixture;
import static dev.threadline.command.conversation.ConversationFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.ConversationForked;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.UserMessagePosted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rewind, regenerate and mid-message rewind (DOMAIN.md §3.2; §9 items 1-11). */
class RewindConversationTest {

    static final MessageId Q1 = new MessageId("q1");
    static final MessageId A1 = new MessageId("a1");
    static final MessageId Q2 = new MessageId("q2");
    static final MessageId A2 = new MessageId("a2");
    static final List<MessagePart> A_TOOL_B = List.of(
            MessagePart.text("A"),
            MessagePart.toolCall("call-1", "word_count", "{}", "2", ToolStatus.COMPLETED, null),
            MessagePart.text("B"));

    static UserMessagePosted question(MessageId id, long position) {
        return new UserMessagePosted(CONVERSATION, id, position, OWNER, "q" + position, null);
    }

    static AssistantMessageRecorded answer(MessageId id, long position, List<MessagePart> parts) {
        return new AssistantMessageRecorded(
                CONVERSATION, id, position, null, MessagePart.contentOf(parts), parts, "m", null, false, null);
    }

    /** q1, a1, q2, a2 — with a2 made of [text A, tool_call, text B]. */
    static List<Object> fourMessages() {
        List<Object> events = new ArrayList<>();
        events.add(started());
        events.add(question(Q1, 1));
        events.add(answer(A1, 2, List.of(MessagePart.text("a1"))));
        events.add(question(Q2, 3));
        events.add(answer(A2, 4, A_TOOL_B));
        return events;
    }

    @Nested
    class RewindTest {

        @Test
        void givenFourMessages_whenRegenerateFromTheFirstAnswer_thenOnlyQ1Remains() {
            fixture()
                    .given(fourMessages())
                    .when(new RewindConversation(CONVERSATION, OWNER, A1, true, Instant.EPOCH))
                    .expectEvents(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2, A2)));
        }

        @Test
        void givenFourMessages_whenRewindToQ2_thenQ1A1Q2Remain() {
            fixture()
                    .given(fourMessages())
                    .when(new RewindConversation(CONVERSATION, OWNER, Q2, false, Instant.EPOCH))
                    .expectEvents(new ConversationRewound(CONVERSATION, 3, List.of(A2)));
        }

        @Test
        void givenMessagesPostedInTheSameInstant_whenRewindToQ1_thenOnlyQ1Remains() {
            fixture()
                    .given(fourMessages())
                    .when(new RewindConversation(CONVERSATION, OWNER, Q1, false, Instant.EPOCH))
                    .expectEvents(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2, A2)));
        }

        @Test
        void givenRewound_whenNewMessage_thenItTakesTheNextPosition() {
            List<Object> history = fourMessages();
            history.add(new ConversationRewound(CONVERSATION, 1, List.of(A1, Q2, A2)));
            fixture()
                    .given(history)
                    .when(new PostUserMessage(CONVERSATION, OWNER, new MessageId("q2b"), "again", null, Instant.EPOCH))
                    .expectEvents(new UserMessagePosted(CONVERSATION, new MessageId("q2b"), 2, OWNER, "again", null));
        }

        @Test
        void givenConversation_whenStrangerRewindsEvenToAnUnknownMessage_thenNotFoundFirst() {
            fixture()
                    .given(fourMessages())
                    .when(new RewindConversation(CONVERSATION, STRANGER, new MessageId("nope"), false, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }

        @Test
        void givenConversation_whenRewindToAMessageOfAnotherConversation_thenMessageNotFound() {
            fixture()
                    .given(fourMessages())
                    .when(new RewindConversation(CONVERSATION, OWNER, new MessageId("elsewhere"), false, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage("Message not found");
        }

        @Test
        void givenRunningTurn_whenRewind_thenConflict() {
            fixture()
                    .given(fourMessagesAndATurnOnAFifth())
                    .when(new RewindConversation(CONVERSATION, OWNER, Q1, false, Instant.EPOCH))
                    .expectNoEvents()
                    .expectException(DomainException.class)
                    .expectExceptionMessage("A turn is running; wait for it to finish, then rewind");
        }

        @Test
        void givenAbandonedTurn_whenRewind_thenTheTurnEndsAndTheRewindGoesThrough() {
            fixture()
                    .given(fourMessagesAndATurnOnAFifth())
                    .when(new RewindConversation(
                            CONVERSATION, OWNER, A2, false, Instant.now().plusSeconds(60)))
                    .expectEvents(
                            new TurnEnded(CONVERSATION, TURN, TurnOutcome.INTERRUPTED, Conversation.ABANDONED),
                            new ConversationRewound(CONVERSATION, 4, List.of(new MessageId("q3"))));
        }

        /** Four messages, then a fifth (q3) whose turn is running. */
        private static List<Object> fourMessagesAndATurnOnAFifth() {
            List<Object> history = fourMessages();
            history.add(question(new MessageId("q3"), 5));
            history.add(new TurnStarted(CONVERSATION, TURN, new MessageId("q3")));
            return history;
        }
    }

    @Nested
    class TruncateTest {

        @Test
        void givenToolInTheMiddle_whenKeepOne_thenContentIsA() {
            fixture()
                    .given(fourMessages())
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 1, Instant.EPOCH))
                    .expectEvents(new AssistantMessageTruncated(CONVERSATION, A2, 4, 1, "A", List.of()));
        }

        @Test
        void givenToolInTheMiddle_whenKeepTwo_thenToolPartAddsNoContent() {
            fixture()
                    .given(fourMessages())
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 2, Instant.EPOCH))
                    .expectEvents(new AssistantMessageTruncated(CONVERSATION, A2, 4, 2, "A", List.of()));
        }

        @Test
        void givenDivergentStoredContent_whenTruncate_thenContentIsRecomputedFromParts() {
            List<Object> history = fourMessages();
            history.set(
                    4, new AssistantMessageRecorded(CONVERSATION, A2, 4, null, "B", A_TOOL_B, "m", null, false, null));
            fixture()
                    .given(history)
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 1, Instant.EPOCH))
                    .expectEvents(new AssistantMessageTruncated(CONVERSATION, A2, 4, 1, "A", List.of()));
        }

        @Test
        void givenLaterQuestion_whenTruncate_thenTheLaterMessagesGo() {
            List<Object> history = fourMessages();
            history.add(question(new MessageId("q3"), 5));
            fixture()
                    .given(history)
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 1, Instant.EPOCH))
                    .expectEvents(
                            new AssistantMessageTruncated(CONVERSATION, A2, 4, 1, "A", List.of(new MessageId("q3"))));
        }

        @Test
        void givenThreeParts_whenKeepZeroOrThree_thenOutOfRange() {
            fixture()
                    .given(fourMessages())
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 0, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage("keepParts 0 is out of range: keep 1 to 2 of 3 parts");
            fixture()
                    .given(fourMessages())
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 3, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage("keepParts 3 is out of range: keep 1 to 2 of 3 parts");
        }

        @Test
        void givenUserMessage_whenTruncate_thenRefusedNamingTheAssistant() {
            fixture()
                    .given(fourMessages())
                    .when(new TruncateMessage(CONVERSATION, OWNER, Q2, 1, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage(
                            "Only the last assistant message can be cut at a part; rewind to an earlier message instead");
        }

        @Test
        void givenStranger_whenTruncate_thenNotFound() {
            fixture()
                    .given(fourMessages())
                    .when(new TruncateMessage(CONVERSATION, STRANGER, A2, 1, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage("Conversation not found");
        }

        @Test
        void givenSubAgentParts_whenCutWouldSplitThem_thenRefusedWithTheValidSeams() {
            List<MessagePart> parts = List.of(
                    MessagePart.text("A"),
                    MessagePart.toolCall("task-1", "task", "{}", "", ToolStatus.COMPLETED, null),
                    MessagePart.toolCall("read-1", "read", "{}", "", ToolStatus.COMPLETED, "task-1"),
                    MessagePart.text("B"));
            assertThat(MessagePart.seams(parts)).containsExactly(1, 3);
            List<Object> history = fourMessages();
            history.set(4, answer(A2, 4, parts));
            fixture()
                    .given(history)
                    .when(new TruncateMessage(CONVERSATION, OWNER, A2, 2, Instant.EPOCH))
                    .expectNoEvents()
                    .expectExceptionMessage(
                            "Cutting after 2 parts would split a tool call from its sub-steps; valid cuts: [1, 3]");
        }
    }

    @Test
    void givenNothing_whenFork_thenStartedForkedAndTheCopiesAtPositionsFromOne() {
        fixture()
                .givenNoPriorActivity()
                .when(new ForkConversation(
                        CONVERSATION,
                        OWNER,
                        "Recipes (fork)",
                        null,
                        null,
                        new ConversationId("source"),
                        A1,
                        null,
                        null,
                        null,
                        List.of(
                                new CopiedMessage(Role.USER, OWNER, "q1", null, null, null, null, false, null),
                                new CopiedMessage(
                                        Role.ASSISTANT, null, "stale", null, A_TOOL_B, "m", null, false, null))))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        instanceOf(ConversationStarted.class),
                        equalTo(new ConversationForked(
                                CONVERSATION, new ConversationId("source"), A1, null, null, null)),
                        Matchers.<Object>matches(
                                event -> event instanceof UserMessagePosted posted && posted.position() == 1),
                        Matchers.<Object>matches(event -> event instanceof AssistantMessageRecorded recorded
                                && recorded.position() == 2
                                && recorded.content().equals("AB")))));
    }

    @Test
    void forkTitlesTakeTheLowestFreeSlotOfTheExactBase() {
        assertThat(ConversationForks.forkTitle("Recipes", Set.of("Recipes"))).isEqualTo("Recipes (fork)");
        assertThat(ConversationForks.forkTitle("Recipes", Set.of("Recipes", "Recipes (fork)")))
                .isEqualTo("Recipes (fork 2)");
        assertThat(ConversationForks.forkTitle(
                        "Recipes (fork)", Set.of("Recipes", "Recipes (fork)", "Recipes (fork 2)")))
                .isEqualTo("Recipes (fork 3)");
        assertThat(ConversationForks.forkTitle("Doc", Set.of("Doc", "Document (fork)")))
                .isEqualTo("Doc (fork)");
    }

    @Test
    void givenConversation_whenRecordCompaction_thenClampedTo100000() {
        fixture()
                .given(fourMessages())
                .when(new RecordCompaction(CONVERSATION, OWNER, "k1", "x".repeat(100_001), "manual", 4L, 10L, 2L, "m"))
                .expectEvents(new dev.threadline.events.conversation.CompactionRecorded(
                        CONVERSATION, OWNER, "k1", "x".repeat(100_000), "manual", 4L, 10L, 2L, "m"));
    }

    @Test
    void givenConversation_whenStrangerRecordsACompactionOrBadTrigger_thenRefused() {
        fixture()
                .given(fourMessages())
                .when(new RecordCompaction(CONVERSATION, STRANGER, "k1", "s", "manual", null, null, null, null))
                .expectNoEvents()
                .expectExceptionMessage("Conversation not found");
        fixture()
                .given(fourMessages())
                .when(new RecordCompaction(CONVERSATION, OWNER, "k1", "s", "sometimes", null, null, null, null))
                .expectNoEvents()
                .expectExceptionMessage("trigger must be manual or auto");
    }
}
