package dev.threadline.app.axon;

import com.mongodb.client.MongoClient;
import dev.threadline.app.eventstore.MongoEventStorageEngine;
import dev.threadline.command.conversation.ConversationSnapshotTriggerDefinition;
import dev.threadline.projection.ReadModelBatch;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon on MongoDB without Axon Server: Threadline's global-sequence event storage engine, the Mongo extension's
 * token store, Jackson everywhere, snapshots and a cache for conversations, pooled streaming projections.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    private static final AtomicInteger APPS_IN_THIS_PROCESS = new AtomicInteger();

    @Bean
    MongoTemplate axonMongoTemplate(MongoClient client, MongoConnectionDetails connection) {
        return DefaultMongoTemplate.builder()
                .mongoDatabase(client, databaseName(connection))
                .build();
    }

    /** Threadline's global-sequence engine with gap-aware tracking (ADR 2). */
    @Bean
    MongoEventStorageEngine eventStorageEngine(
            MongoClient client,
            MongoConnectionDetails connection,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .mongoDatabase(client.getDatabase(databaseName(connection)))
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .build();
        engine.ensureIndexes();
        return engine;
    }

    /**
     * The event store that every projection reads through. Projections near the head of the log share one reader and
     * the recent events it keeps in memory (a projection further behind reads the store by itself). The framework keeps
     * 10,000, about 2 KB each once read: after 8,000 posts that was a fifth of the live heap, held for
     * projections that stay within a few hundred events of the head.
     */
    @Bean
    EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration config,
            @Value("${threadline.event-store.shared-events:1000}") int sharedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(config.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(config.getComponent(EventBusSpanFactory.class))
                .cachedEvents(sharedEvents)
                .build();
    }

    /**
     * Claims carry this app's own name: the process's {@code pid@host}, the extension's default, which a container
     * restarted after a crash gets back along with its claims; a second app in the same JVM adds its number, or the
     * two would hold the same claims and process the same segments at once.
     */
    @Bean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        int app = APPS_IN_THIS_PROCESS.incrementAndGet();
        MongoTokenStore store = MongoTokenStore.builder()
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .claimTimeout(Duration.ofSeconds(10))
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + (app == 1 ? "" : "#" + app))
                .build();
        store.ensureIndexes();
        return store;
    }

    /**
     * A snapshot once the events since the last one weigh the threshold, an event weighing one plus the message ids it
     * lists (a rewind of a long conversation lists thousands).
     */
    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(
            Snapshotter snapshotter, @Value("${threadline.snapshots.conversation-threshold:250}") int threshold) {
        return new ConversationSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * The most recently used conversations, each handed out only after the store confirms that no other node has
     * written to it since (ADR 11): commands on a busy conversation skip reading its snapshot and events, and several
     * nodes sharing one store still decide on the latest state.
     */
    @Bean
    Cache conversationCache(
            MongoEventStorageEngine eventStorageEngine,
            @Value("${threadline.aggregate-cache.capacity:256}") int capacity) {
        return new VerifiedAggregateCache(capacity, eventStorageEngine::hasEvent);
    }

    /**
     * Projections run as pooled streaming processors whose segments several nodes can share. Events are handled in
     * batches whose read-model writes go to the store in bulk after the last event, then the token update: a burst
     * costs a few writes per batch rather than several per event.
     */
    @Bean
    ConfigurerModule pooledStreamingProjections(
            @Value("${threadline.projections.segments:2}") int segments,
            @Value("${threadline.projections.batch-size:100}") int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingPooledStreamingEventProcessors((config, builder) ->
                        builder.initialSegmentCount(segments).batchSize(batchSize))
                .registerDefaultHandlerInterceptor((config, name) -> ReadModelBatch.flushAfterLastEvent()));
    }

    static String databaseName(MongoConnectionDetails connection) {
        String database = connection.getConnectionString().getDatabase();
        return database == null ? "threadline" : database;
    }
}
