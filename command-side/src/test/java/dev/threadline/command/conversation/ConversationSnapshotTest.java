package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.threadline.command.CommandSender;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * Jackson snapshots must keep the whole aggregate state: after a snapshot, commands still see the right owner,
 * positions and running turn (STACK.md G3).
 */
class ConversationSnapshotTest {

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
            .build();

    /**
     * Snapshots go through Jackson, as in the real store: the in-memory engine would otherwise hand back the very
     * aggregate object it was given, which later commands change.
     */
    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine() {
        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            super.storeSnapshot(throughJackson(snapshot));
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return super.readSnapshot(aggregateIdentifier).map(snapshot -> throughJackson(snapshot));
        }
    };

    private DomainEventMessage<?> throughJackson(DomainEventMessage<?> snapshot) {
        Object copy = serializer.deserialize(serializer.serialize(snapshot.getPayload(), String.class));
        return new GenericDomainEventMessage<>(
                snapshot.getType(),
                snapshot.getAggregateIdentifier(),
                snapshot.getSequenceNumber(),
                copy,
                snapshot.getMetaData());
    }

    /** Axon with a snapshot every 3 events and no cache: every command loads the latest snapshot. */
    private Configuration axon() {
        return axon(config -> new EventCountSnapshotTriggerDefinition(config.snapshotter(), 3));
    }

    private Configuration axon(Function<Configuration, SnapshotTriggerDefinition> trigger) {
        AggregateConfigurer<Conversation> aggregate =
                AggregateConfigurer.defaultConfiguration(Conversation.class).configureSnapshotTrigger(trigger);
        return ConversationAxon.start(serializer, engine, aggregate);
    }

    @Test
    void aConversationLoadedFromAJacksonSnapshotKeepsItsState() {
        Configuration axon = axon();
        try {
            CommandSender commands = new CommandSender(axon.commandGateway());
            ConversationId id = ConversationId.random();
            UserId owner = new UserId("owner");
            commands.send(new StartConversation(id, owner, "Snap", null, null)).block();
            for (int i = 1; i <= 7; i++) {
                commands.send(new PostUserMessage(id, owner, MessageId.random(), "m" + i, null, Instant.EPOCH))
                        .block();
            }

            List<? extends DomainEventMessage<?>> snapshot =
                    engine.readSnapshot(id.value()).stream().toList();
            assertThat(snapshot).isNotEmpty();
            String json = serializer
                    .serialize(snapshot.get(0).getPayload(), String.class)
                    .getData();
            assertThat(json).contains("\"ownerId\"").contains("\"messageCount\"");

            // A fresh configuration has no cache: it must load from the snapshot and still know owner and position.
            var result = commands.send(new PostUserMessage(id, owner, MessageId.random(), "m8", null, Instant.EPOCH))
                    .block();
            assertThat(result.version()).isEqualTo(8);
            Object last = axon.eventStore()
                    .readEvents(id.value(), 0)
                    .asStream()
                    .reduce((first, second) -> second)
                    .orElseThrow()
                    .getPayload();
            assertThat(last).isInstanceOf(UserMessagePosted.class);
            assertThat(((UserMessagePosted) last).position()).isEqualTo(8);
        } finally {
            axon.shutdown();
        }
    }

    @Test
    void aRewindTakenIntoAJacksonSnapshotCanStillBeUndone() {
        Configuration axon = axon();
        try {
            CommandSender commands = new CommandSender(axon.commandGateway());
            ConversationId id = ConversationId.random();
            UserId owner = new UserId("owner");
            commands.send(new StartConversation(id, owner, "Snap", null, null)).block();
            List<MessageId> posted = new java.util.ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                MessageId messageId = MessageId.random();
                posted.add(messageId);
                commands.send(new PostUserMessage(id, owner, messageId, "m" + i, null, Instant.EPOCH))
                        .block();
            }
            commands.send(new RewindConversation(id, owner, posted.get(0), false, Instant.EPOCH))
                    .block();
            // Renames add no message: the rewind stays undoable while snapshots are taken after it.
            for (int i = 1; i <= 4; i++) {
                commands.send(new RenameConversation(id, owner, "Snap " + i)).block();
            }
            String json = serializer
                    .serialize(engine.readSnapshot(id.value()).orElseThrow().getPayload(), String.class)
                    .getData();
            assertThat(json)
                    .contains("\"undoableRewinds\"")
                    .contains(posted.get(3).value());

            commands.send(new UndoRewind(id, owner, Instant.EPOCH)).block();

            List<MessageId> now = new ConversationHistory(axon.eventStore())
                    .messages(id).stream()
                            .map(ConversationHistory.RecordedMessage::messageId)
                            .toList();
            assertThat(now).isEqualTo(posted);
            var next = commands.send(new PostUserMessage(id, owner, MessageId.random(), "m5", null, Instant.EPOCH))
                    .block();
            Object last = axon.eventStore()
                    .readEvents(id.value(), next.version())
                    .next()
                    .getPayload();
            assertThat(((UserMessagePosted) last).position()).isEqualTo(5);
        } finally {
            axon.shutdown();
        }
    }

    /**
     * Loading replays every event after the snapshot, so a rewind that lists many dropped messages weighs as much as
     * those messages: seven events and a rewind dropping five reach a threshold of ten (eight events would not).
     */
    @Test
    void aRewindWeighsOnePlusTheMessagesItDropsTowardsTheNextSnapshot() {
        Configuration axon = axon(config -> new ConversationSnapshotTriggerDefinition(config.snapshotter(), 10));
        try {
            CommandSender commands = new CommandSender(axon.commandGateway());
            ConversationId id = ConversationId.random();
            UserId owner = new UserId("owner");
            commands.send(new StartConversation(id, owner, "Heavy", null, null)).block();
            MessageId first = MessageId.random();
            commands.send(new PostUserMessage(id, owner, first, "m1", null, Instant.EPOCH))
                    .block();
            for (int i = 2; i <= 6; i++) {
                commands.send(new PostUserMessage(id, owner, MessageId.random(), "m" + i, null, Instant.EPOCH))
                        .block();
            }
            assertThat(engine.readSnapshot(id.value())).isEmpty();

            commands.send(new RewindConversation(id, owner, first, false, Instant.EPOCH))
                    .block();

            assertThat(engine.readSnapshot(id.value()))
                    .hasValueSatisfying(
                            snapshot -> assertThat(snapshot.getSequenceNumber()).isEqualTo(7));
        } finally {
            axon.shutdown();
        }
    }
}
