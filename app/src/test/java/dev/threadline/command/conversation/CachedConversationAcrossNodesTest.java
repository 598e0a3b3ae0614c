package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import dev.threadline.app.InJvmMongo;
import dev.threadline.app.axon.VerifiedAggregateCache;
import dev.threadline.app.eventstore.MongoEventStorageEngine;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.identity.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each with its own Axon, storage engine and conversation cache, writing the same conversations in one
 * store (as when a turn is recovered by another node). Whatever one node writes, the other's next command decides on
 * it, although that node still holds the conversation in its cache; and a command on a conversation nobody else wrote
 * is served from the cache.
 */
class CachedConversationAcrossNodesTest {

    private static final UserId OWNER = new UserId("owner");

    private static InJvmMongo mongo;

    private MongoDatabase store;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startMongo() {
        mongo = new InJvmMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshStore() {
        store = mongo.client().getDatabase("nodes-" + UUID.randomUUID());
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::close);
        store.drop();
    }

    @Test
    void givenACachedConversation_whenAnotherNodePostsAMessage_thenTheNextCommandHereRewindsToIt() {
        Node a = node();
        Node b = node();
        ConversationId conversation = a.start();
        a.post(conversation);
        MessageId postedElsewhere = MessageId.random();

        b.send(new PostUserMessage(conversation, OWNER, postedElsewhere, "from node b", null, Instant.EPOCH));
        CommandResult rewound =
                a.send(new RewindConversation(conversation, OWNER, postedElsewhere, true, Instant.EPOCH));

        assertThat(rewound.version()).isEqualTo(3);
    }

    @Test
    void givenACachedConversation_whenAnotherNodeDeletesIt_thenAPostHereIsRefusedAsNotFound() {
        Node a = node();
        Node b = node();
        ConversationId conversation = a.start();
        a.post(conversation);

        b.send(new DeleteConversation(conversation, OWNER));

        assertThatThrownBy(() -> a.post(conversation))
                .isInstanceOfSatisfying(DomainException.class, refused -> assertThat(refused.code())
                        .isEqualTo(DomainException.Code.NOT_FOUND));
    }

    @Test
    void givenAnotherNodeWritesBetweenTheCheckAndTheAppend_whenTheCommandConflicts_thenTheRetryDecidesOnItsEvent() {
        AtomicReference<Runnable> afterCheck = new AtomicReference<>();
        Node a = node(afterCheck);
        Node b = node();
        ConversationId conversation = a.start();
        a.post(conversation);
        MessageId postedElsewhere = MessageId.random();
        afterCheck.set(() ->
                b.send(new PostUserMessage(conversation, OWNER, postedElsewhere, "slipped in", null, Instant.EPOCH)));

        assertThatThrownBy(() -> a.post(conversation)).isInstanceOf(ConcurrencyException.class);
        CommandResult rewound =
                a.send(new RewindConversation(conversation, OWNER, postedElsewhere, true, Instant.EPOCH));

        assertThat(rewound.version()).isEqualTo(3);
    }

    @Test
    void givenNobodyElseWrote_whenCommandsFollowEachOther_thenTheyAreServedFromTheCache() {
        Node a = node();
        ConversationId conversation = a.start();
        a.post(conversation);
        int loadsBefore = a.cacheReads.get();

        CommandResult last = null;
        for (int i = 0; i < 5; i++) {
            last = a.post(conversation);
        }

        assertThat(a.cacheReads.get() - loadsBefore).isEqualTo(5);
        assertThat(last.version()).isEqualTo(6);
    }

    @Test
    void givenMoreConversationsThanTheCacheHolds_whenOneIsPushedOut_thenListenersHearItAndItIsLoadedAfresh() {
        Node a = node(new AtomicReference<>(), 1);
        ConversationId first = a.start();
        a.post(first);

        ConversationId second = a.start();
        int readsBefore = a.cacheReads.get();
        CommandResult posted = a.post(first);

        assertThat(a.expired).containsExactly(first.value(), second.value());
        assertThat(a.cacheReads.get()).isEqualTo(readsBefore);
        assertThat(posted.version()).isEqualTo(2);
    }

    private Node node() {
        return node(new AtomicReference<>());
    }

    private Node node(AtomicReference<Runnable> afterCheck) {
        return node(afterCheck, 16);
    }

    /**
     * A node whose cache holds {@code capacity} conversations and runs {@code afterCheck} (once) right after it
     * confirmed an entry against the store.
     */
    private Node node(AtomicReference<Runnable> afterCheck, int capacity) {
        Node node = new Node(store, afterCheck, capacity);
        nodes.add(node);
        return node;
    }

    private final class Node implements AutoCloseable {

        final AtomicInteger cacheReads = new AtomicInteger();
        final List<Object> expired = new CopyOnWriteArrayList<>();
        private final Configuration axon;

        Node(MongoDatabase database, AtomicReference<Runnable> afterCheck, int capacity) {
            JacksonSerializer serializer = JacksonSerializer.builder()
                    .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
                    .build();
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                    .mongoDatabase(database)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .build();
            engine.ensureIndexes();
            Cache cache = new VerifiedAggregateCache(capacity, (aggregate, sequence) -> {
                boolean exists = engine.hasEvent(aggregate, sequence);
                Runnable hook = afterCheck.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
                return exists;
            });
            cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
                @Override
                public void onEntryRead(Object key, Object value) {
                    cacheReads.incrementAndGet();
                }

                @Override
                public void onEntryExpired(Object key) {
                    expired.add(key);
                }
            });
            AggregateConfigurer<Conversation> aggregate = AggregateConfigurer.defaultConfiguration(Conversation.class)
                    .configureSnapshotTrigger(
                            config -> new ConversationSnapshotTriggerDefinition(config.snapshotter(), 3))
                    .configureCache(config -> cache);
            axon = ConversationAxon.start(serializer, engine, aggregate);
        }

        ConversationId start() {
            ConversationId conversation = ConversationId.random();
            send(new StartConversation(conversation, OWNER, "Across nodes", null, null));
            return conversation;
        }

        CommandResult post(ConversationId conversation) {
            return send(new PostUserMessage(conversation, OWNER, MessageId.random(), "hello", null, Instant.EPOCH));
        }

        CommandResult send(Object command) {
            return axon.commandGateway().sendAndWait(command);
        }

        @Override
        public void close() {
            axon.shutdown();
        }
    }
}
