package dev.threadline.projection.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationPinned;
import dev.threadline.events.conversation.ConversationRenamed;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.ConversationUnpinned;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.TurnEnded;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnOutcome;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.identity.UserId;
import dev.threadline.events.workspace.WorkspaceId;
import dev.threadline.projection.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationSummaryProjectionTest {

    private static final ConversationId ID = new ConversationId("c-1");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final ConversationSummaryProjection projection =
            new ConversationSummaryProjection(mongo.template, mongo.noProcessors());

    @AfterEach
    void close() {
        mongo.close();
    }

    private void feedHistory() {
        projection.on(new ConversationStarted(ID, new UserId("u"), "Recipes", new WorkspaceId("w"), null), T0, 0);
        projection.on(
                new UserMessagePosted(ID, new MessageId("m1"), 1, new UserId("u"), "hi", null), T0.plusSeconds(1), 1);
        projection.on(
                new AssistantMessageRecorded(
                        ID,
                        new MessageId("m2"),
                        2,
                        null,
                        "yo",
                        List.of(MessagePart.text("yo")),
                        null,
                        null,
                        false,
                        null),
                T0.plusSeconds(2),
                2);
        projection.on(new ConversationRenamed(ID, "Soups"), 3);
        projection.on(new ConversationPinned(ID), T0.plusSeconds(4), 4);
    }

    private ConversationSummary summary() {
        return mongo.template.findById(ID.value(), ConversationSummary.class);
    }

    @Test
    void buildsTheListRowFromTheHistory() {
        feedHistory();

        assertThat(summary())
                .isEqualTo(new ConversationSummary(
                        "c-1", "u", "Soups", "w", null, T0, T0.plusSeconds(2), T0.plusSeconds(4), 2, false, 4));
    }

    @Test
    void replayingTheSameEventsGivesTheSameDocument() {
        feedHistory();
        ConversationSummary once = summary();

        feedHistory();

        assertThat(summary()).isEqualTo(once);
        assertThat(mongo.template.findAll(ConversationSummary.class)).hasSize(1);
    }

    @Test
    void aTurnEndingAdvancesTheVersionSoReadersOfTheirOwnTurnAreNotKeptWaiting() {
        feedHistory();

        projection.on(new TurnEnded(ID, new TurnId("t-1"), TurnOutcome.COMPLETED, null), 5);

        assertThat(summary().version()).isEqualTo(5);
        assertThat(summary().messageCount()).isEqualTo(2);
    }

    @Test
    void unpinClearsThePinAndDeleteLeavesATombstone() {
        feedHistory();
        projection.on(new ConversationUnpinned(ID), 5);
        projection.on(new ConversationDeleted(ID), 6);

        assertThat(summary().pinnedAt()).isNull();
        assertThat(summary().deleted()).isTrue();
        assertThat(summary().version()).isEqualTo(6);
    }

    @Test
    void aRewindLowersTheCountAndItsUndoRaisesItAgain() {
        feedHistory();
        projection.on(new ConversationRewound(ID, 1, List.of(new MessageId("m2"))), 5);
        assertThat(summary().messageCount()).isEqualTo(1);

        projection.on(new ConversationRewindUndone(ID, 5, 2, List.of(new MessageId("m2"))), 6);

        assertThat(summary().messageCount()).isEqualTo(2);
        assertThat(summary().version()).isEqualTo(6);
    }

    @Test
    void replayingAHistoryWithEveryKindOfEventAgainOrAfterAResetGivesTheSameDocument() {
        feedEverything();
        ConversationSummary once = summary();

        feedEverything();
        assertThat(summary()).isEqualTo(once);

        projection.reset();
        feedEverything();
        assertThat(summary()).isEqualTo(once);
        assertThat(mongo.template.findAll(ConversationSummary.class)).hasSize(1);
    }

    private void feedEverything() {
        feedHistory();
        projection.on(new ConversationUnpinned(ID), 5);
        projection.on(new ConversationRewound(ID, 1, List.of(new MessageId("m2"))), 6);
        projection.on(new ConversationRewindUndone(ID, 6, 2, List.of(new MessageId("m2"))), 7);
        projection.on(new TurnEnded(ID, new TurnId("t-1"), TurnOutcome.COMPLETED, null), 8);
        projection.on(new ConversationDeleted(ID), 9);
    }

    @Test
    void resetClearsEverything() {
        feedHistory();

        projection.reset();

        assertThat(mongo.template.findAll(ConversationSummary.class)).isEmpty();
    }
}
