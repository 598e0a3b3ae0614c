package dev.threadline.command.conversation;

import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * A started Axon configuration of the conversation aggregate on a given event storage engine and serializer. Shared
 * with the app module's tests (through this module's test jar), which run it on Threadline's Mongo engine.
 */
public final class ConversationAxon {

    private ConversationAxon() {}

    public static Configuration start(
            Serializer serializer, EventStorageEngine engine, AggregateConfigurer<Conversation> aggregate) {
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(config -> serializer)
                .configureEmbeddedEventStore(config -> engine)
                .configureAggregate(aggregate)
                .buildConfiguration();
        axon.start();
        return axon;
    }
}
