package dev.threadline.command.conversation;

import dev.threadline.app.eventstore.MongoEventStorageEngine;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.serialization.json.JacksonSerializer;

/** A started Axon configuration of the conversation aggregate on Threadline's Mongo event storage engine. */
final class ConversationsOnMongo {

    private ConversationsOnMongo() {}

    static Configuration start(
            JacksonSerializer serializer, MongoEventStorageEngine engine, AggregateConfigurer<Conversation> aggregate) {
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(config -> serializer)
                .configureEmbeddedEventStore(config -> engine)
                .configureAggregate(aggregate)
                .buildConfiguration();
        axon.start();
        return axon;
    }
}
