package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.threadline.command.CommandSender;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.UserMessagePosted;
import dev.threadline.events.identity.UserId;
import java.util.List;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * Jackson snapshots must keep the whole aggregate state: after a snapshot, commands still see the right owner,
 * positions and running turn (STACK.md G3).
 */
class ConversationSnapshotTest {

    @Test
    void aConversationLoadedFromAJacksonSnapshotKeepsItsState() {
        InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
                .build();
        AggregateConfigurer<Conversation> aggregate = AggregateConfigurer.defaultConfiguration(Conversation.class)
                .configureSnapshotTrigger(config -> new EventCountSnapshotTriggerDefinition(config.snapshotter(), 3));
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(config -> serializer)
                .configureEmbeddedEventStore(config -> engine)
                .configureAggregate(aggregate)
                .buildConfiguration();
        axon.start();
        try {
            CommandSender commands = new CommandSender(axon.commandGateway());
            ConversationId id = ConversationId.random();
            UserId owner = new UserId("owner");
            commands.send(new StartConversation(id, owner, "Snap", null, null)).block();
            for (int i = 1; i <= 7; i++) {
                commands.send(new PostUserMessage(id, owner, MessageId.random(), "m" + i, null))
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
            var result = commands.send(new PostUserMessage(id, owner, MessageId.random(), "m8", null))
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
}
