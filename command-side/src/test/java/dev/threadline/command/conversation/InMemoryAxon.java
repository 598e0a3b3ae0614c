package dev.threadline.command.conversation;

import dev.threadline.command.CommandSender;
import dev.threadline.events.conversation.ConversationId;
import java.util.List;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

/** Real Axon aggregates on an in-memory event store, for tests that send commands and read the events back. */
final class InMemoryAxon implements AutoCloseable {

    final Configuration configuration;
    final CommandSender commands;

    private InMemoryAxon(Configuration configuration) {
        this.configuration = configuration;
        configuration.start();
        this.commands = new CommandSender(configuration.commandGateway());
    }

    static InMemoryAxon of(Class<?>... aggregates) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(config -> new InMemoryEventStorageEngine());
        for (Class<?> aggregate : aggregates) {
            configurer.configureAggregate(aggregate);
        }
        return new InMemoryAxon(configurer.buildConfiguration());
    }

    /** The payloads of the conversation's events, in order. */
    List<Object> events(ConversationId id) {
        return configuration
                .eventStore()
                .readEvents(id.value())
                .asStream()
                .<Object>map(EventMessage::getPayload)
                .toList();
    }

    @Override
    public void close() {
        configuration.shutdown();
    }
}
