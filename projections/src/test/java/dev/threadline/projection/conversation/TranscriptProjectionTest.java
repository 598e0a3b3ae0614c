package dev.threadline.projection.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.threadline.events.conversation.AssistantMessageRecorded;
import dev.threadline.events.conversation.AssistantMessageTruncated;
import dev.threadline.events.conversation.Attachment;
import dev.threadline.events.conversation.ConversationDeleted;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.ConversationRenamed;
import dev.threadline.events.conversation.ConversationRewindUndone;
import dev.threadline.events.conversation.ConversationRewound;
import dev.threadline.events.conversation.ConversationStarted;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.conversation.TurnStarted;
import dev.threadline.events.conversation.Usage;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.InMemoryMongo;
import dev.threadline.projection.ReadModelBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;

class TranscriptProjectionTest {

    private static final ConversationId ID = new ConversationId("c-1");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final List<MessagePart> PARTS = List.of(
            MessagePart.reasoning("think"),
            MessagePart.toolCall("call-1", "word_count", "{\"text\":\"hi\"}", "1 word", ToolStatus.COMPLETED, null),
            MessagePart.text("You said: hi"));

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final TranscriptProjection projection = new TranscriptProjection(mongo.template);

    @AfterEach
    void close() {
        mongo.close();
    }

    private void feedHistory() {
        projection.on(new ConversationStarted(ID, new UserId("u"), "Recipes", null, null), 0);
        projection.on(
                new UserMessagePosted(
                        ID,
                        new MessageId("m1"),
                        1,
                        new UserId("u"),
                        "hi",
                        List.of(new Attachment("s1", "text/plain", "a.txt", 3))),
                T0,
                1);
        projection.on(new TurnStarted(ID, new TurnId("t1"), new MessageId("m1")), 2);
        projection.on(
                new AssistantMessageRecorded(
                        ID,
                        new MessageId("m2"),
                        2,
                        new TurnId("t1"),
                        "You said: hi",
                        PARTS,
                        "model-x",
                        new Usage(3, 4, 7, null),
                        false,
                        null),
                T0.plusSeconds(1),
                3);
        projection.on(new ConversationRenamed(ID, "Soups"), 4);
    }

    private List<TranscriptMessage> messages() {
        return mongo.template.find(
                Query.query(where("conversationId").is(ID.value())).with(Sort.by("position")), TranscriptMessage.class);
    }

    @Test
    void buildsMessagesWithPartsInOrder() {
        feedHistory();

        List<TranscriptMessage> messages = messages();
        assertThat(messages).extracting(TranscriptMessage::position).containsExactly(1L, 2L);
        assertThat(messages).extracting(TranscriptMessage::role).containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(messages.get(0).attachments()).containsExactly(new Attachment("s1", "text/plain", "a.txt", 3));
        assertThat(messages.get(1).parts()).isEqualTo(PARTS);
        assertThat(messages.get(1).usage()).isEqualTo(new Usage(3, 4, 7, null));
        assertThat(messages.get(1).content()).isEqualTo("You said: hi");
    }

    @Test
    void everyEventAdvancesTheHeadVersion() {
        feedHistory();

        assertThat(mongo.template.findById(ID.value(), Transcript.class))
                .isEqualTo(new Transcript("c-1", "u", 2, false, 4));
    }

    @Test
    void replayingTheSameEventsGivesTheSameDocuments() {
        feedHistory();
        List<TranscriptMessage> once = messages();
        Transcript head = mongo.template.findById(ID.value(), Transcript.class);

        feedHistory();

        assertThat(messages()).isEqualTo(once);
        assertThat(mongo.template.findById(ID.value(), Transcript.class)).isEqualTo(head);
    }

    @Test
    void deleteMarksTheTranscriptDeleted() {
        feedHistory();
        projection.on(new ConversationDeleted(ID), 5);

        assertThat(mongo.template.findById(ID.value(), Transcript.class).deleted())
                .isTrue();
    }

    @Test
    void resetClearsEverything() {
        feedHistory();

        projection.reset();

        assertThat(mongo.template.findAll(Transcript.class)).isEmpty();
        assertThat(mongo.template.findAll(TranscriptMessage.class)).isEmpty();
        assertThat(mongo.template.findAll(RewoundMessage.class)).isEmpty();
    }

    @Test
    void aBatchOfEventsIsWrittenAfterItsLastEventWithTheSameDocuments() {
        List<EventMessage<?>> batch =
                List.of(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("last"));
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        List<Long> storedWhileHandling = new ArrayList<>();

        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(
                        unitOfWork, List.of(ReadModelBatch.flushAfterLastEvent()), message -> {
                            if (unitOfWork.isFirstMessage()) {
                                feedHistory();
                            }
                            storedWhileHandling.add(mongo.template.count(new Query(), TranscriptMessage.class));
                            return null;
                        })
                .proceed());

        assertThat(result.isExceptional()).isFalse();
        assertThat(storedWhileHandling).containsExactly(0L, 0L);
        assertThat(messages()).extracting(TranscriptMessage::position).containsExactly(1L, 2L);
        assertThat(mongo.template.findById(ID.value(), Transcript.class))
                .isEqualTo(new Transcript("c-1", "u", 2, false, 4));
    }

    @Test
    void aRewindDropsTheLaterMessagesAndACutKeepsTheFirstPartsAlsoWhenReplayed() {
        feedHistory();
        projection.on(new AssistantMessageTruncated(ID, new MessageId("m2"), 2, 1, "", List.of()), 5);
        projection.on(new ConversationRewound(ID, 1, List.of(new MessageId("m2"))), 6);
        List<TranscriptMessage> afterRewind = messages();
        projection.on(new AssistantMessageTruncated(ID, new MessageId("m2"), 2, 1, "", List.of()), 5);
        projection.on(new ConversationRewound(ID, 1, List.of(new MessageId("m2"))), 6);

        assertThat(afterRewind).extracting(TranscriptMessage::id).containsExactly("m1");
        assertThat(messages()).isEqualTo(afterRewind);
        assertThat(mongo.template.findById(ID.value(), Transcript.class).messageCount())
                .isEqualTo(1);
    }

    @Test
    void aCutKeepsTheFirstPartsWithTheRecomputedContent() {
        feedHistory();
        projection.on(new AssistantMessageTruncated(ID, new MessageId("m2"), 2, 2, "", List.of()), 5);

        TranscriptMessage cut = messages().get(1);
        assertThat(cut.parts()).isEqualTo(PARTS.subList(0, 2));
        assertThat(cut.content()).isEmpty();
    }

    @Test
    void aRewindKeepsWhatItDroppedAsideOutOfTheTranscript() {
        feedHistory();
        TranscriptMessage answer = messages().get(1);

        projection.on(new ConversationRewound(ID, 1, List.of(new MessageId("m2"))), 5);

        assertThat(messages()).extracting(TranscriptMessage::id).containsExactly("m1");
        assertThat(mongo.template.findAll(RewoundMessage.class))
                .containsExactly(new RewoundMessage("m2", "c-1", 5, answer));
    }

    @Test
    void undoingARewindBringsBackItsMessagesAsTheyWereAlsoWhenReplayed() {
        feedHistory();
        List<TranscriptMessage> before = messages();
        projection.on(new ConversationRewound(ID, 0, List.of(new MessageId("m1"), new MessageId("m2"))), 5);
        projection.on(new ConversationRewindUndone(ID, 5, 2, List.of(new MessageId("m1"), new MessageId("m2"))), 6);
        projection.on(new ConversationRewound(ID, 0, List.of(new MessageId("m1"), new MessageId("m2"))), 5);
        projection.on(new ConversationRewindUndone(ID, 5, 2, List.of(new MessageId("m1"), new MessageId("m2"))), 6);

        assertThat(messages()).isEqualTo(before);
        assertThat(mongo.template.findById(ID.value(), Transcript.class))
                .isEqualTo(new Transcript("c-1", "u", 2, false, 6));
        assertThat(mongo.template.findAll(RewoundMessage.class)).isEmpty();
    }

    @Test
    void aRewindAndItsUndoInOneBatchLeaveTheTranscriptAsItWas() {
        feedHistory();
        List<TranscriptMessage> before = messages();
        List<EventMessage<?>> batch =
                List.of(GenericEventMessage.asEventMessage("rewind"), GenericEventMessage.asEventMessage("undo"));
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);

        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(
                        unitOfWork, List.of(ReadModelBatch.flushAfterLastEvent()), message -> {
                            if (unitOfWork.isFirstMessage()) {
                                projection.on(new ConversationRewound(ID, 1, List.of(new MessageId("m2"))), 5);
                            } else {
                                projection.on(new ConversationRewindUndone(ID, 5, 2, List.of(new MessageId("m2"))), 6);
                            }
                            return null;
                        })
                .proceed());

        assertThat(result.isExceptional()).isFalse();
        assertThat(messages()).isEqualTo(before);
        assertThat(mongo.template.findAll(RewoundMessage.class)).isEmpty();
        assertThat(mongo.template.findById(ID.value(), Transcript.class).messageCount())
                .isEqualTo(2);
    }
}
