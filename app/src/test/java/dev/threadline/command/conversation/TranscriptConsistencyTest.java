package dev.threadline.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.threadline.app.InJvmMongo;
import dev.threadline.app.eventstore.MongoEventStorageEngine;
import dev.threadline.command.AggregateReader;
import dev.threadline.command.CommandResult;
import dev.threadline.events.DomainException;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.conversation.MessageId;
import dev.threadline.events.conversation.MessagePart;
import dev.threadline.events.conversation.Role;
import dev.threadline.events.conversation.ToolStatus;
import dev.threadline.events.conversation.TurnId;
import dev.threadline.events.identity.UserId;
import dev.threadline.projection.ReadModelBatch;
import dev.threadline.projection.conversation.RewoundMessage;
import dev.threadline.projection.conversation.Transcript;
import dev.threadline.projection.conversation.TranscriptMessage;
import dev.threadline.projection.conversation.TranscriptProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Random histories of posts, turns (text, reasoning, tool calls and their sub-steps, sometimes interrupted), rewinds,
 * regenerations, cuts at seams, undos and forks (up to a message, cut at a part, or as the source was at an earlier
 * version). After every step, for every conversation: the transcript read model, fed the step's new events as one
 * batch (sometimes twice, as a redelivery), holds the messages the aggregate holds, in its order; their bodies are
 * those the command side's history and a plain model of the rules give; and its documents equal, field by field,
 * those of a transcript rebuilt from scratch from the whole log.
 *
 * <p>It lives in {@code app}, the one module that sees both the aggregate ({@code command-side}) and the projection
 * ({@code projections}), in the aggregate's package to read its package-private state. Events and snapshots go
 * through Threadline's Mongo storage engine and Jackson on an in-JVM Mongo-wire server, with a snapshot every few
 * events (the app's weighted trigger, at a low threshold) and no aggregate cache, so every command decides on state loaded from a snapshot and the events after it.
 */
class TranscriptConsistencyTest {

    private static final UserId OWNER = new UserId("owner");
    private static final int MAX_STEPS = 18;
    private static final int SNAPSHOT_WEIGHT = 5;
    private static final int REBUILD_BATCH = 7;

    private static InJvmMongo mongo;

    @BeforeContainer
    static void startMongo() {
        mongo = new InJvmMongo();
    }

    @AfterContainer
    static void stopMongo() {
        mongo.close();
    }

    enum Action {
        POST,
        TURN,
        REWIND,
        REGENERATE,
        CUT,
        UNDO,
        FORK,
        FORK_AT_VERSION
    }

    /**
     * One step on one of the conversations ({@code target} and {@code pick} are reduced to what exists when it runs).
     * {@code partKinds} shapes a turn's answer: 0 text, 1 reasoning, 2 tool call, 3 tool call spawned by the previous
     * one; none at all means the turn produced nothing. {@code variant} interrupts a turn or cuts a fork at a part.
     */
    record Step(Action action, int target, int pick, List<Integer> partKinds, boolean variant, boolean redeliver) {}

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Action> actions = Arbitraries.frequency(
                Tuple.of(3, Action.POST),
                Tuple.of(5, Action.TURN),
                Tuple.of(2, Action.REWIND),
                Tuple.of(2, Action.REGENERATE),
                Tuple.of(2, Action.CUT),
                Tuple.of(3, Action.UNDO),
                Tuple.of(1, Action.FORK),
                Tuple.of(1, Action.FORK_AT_VERSION));
        Arbitrary<Integer> picks = Arbitraries.integers().between(0, 999);
        Arbitrary<List<Integer>> parts =
                Arbitraries.integers().between(0, 3).list().ofMaxSize(5);
        Arbitrary<Boolean> flags = Arbitraries.of(true, false);
        return Combinators.combine(actions, picks, picks, parts, flags, flags)
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(MAX_STEPS);
    }

    @Property(tries = 40)
    void theTranscriptHoldsTheAggregatesMessagesAndEqualsARebuildAfterEveryStep(@ForAll("histories") List<Step> steps) {
        try (World world = new World()) {
            for (int index = 0; index < steps.size(); index++) {
                world.run(index, steps.get(index));
                world.check();
            }
        }
    }

    /** A message as the rules say it should read. */
    record Expected(Role role, String content, List<MessagePart> parts, boolean interrupted) {

        static Expected of(ConversationHistory.RecordedMessage recorded) {
            CopiedMessage message = recorded.message();
            return new Expected(message.role(), message.content(), message.parts(), message.interrupted());
        }

        static Expected of(TranscriptMessage message) {
            return new Expected(message.role(), message.content(), message.parts(), message.interrupted());
        }

        /** The first {@code keep} parts, content recomputed; unchanged when it has no more parts than that. */
        Expected cut(int keep) {
            if (parts == null || keep >= parts.size()) {
                return this;
            }
            List<MessagePart> kept = List.copyOf(parts.subList(0, keep));
            return new Expected(role, MessagePart.contentOf(kept), kept, interrupted);
        }
    }

    /** A plain model of one conversation: its messages, the rewinds that can be undone, and past versions. */
    static final class Model {
        final List<Expected> messages = new ArrayList<>();
        final Deque<List<Expected>> undoable = new ArrayDeque<>();
        final Map<Long, List<Expected>> atVersion = new LinkedHashMap<>();
        long version;

        Model(List<Expected> messages, long version) {
            this.messages.addAll(messages);
            record(version);
        }

        void record(long newVersion) {
            version = newVersion;
            atVersion.put(newVersion, List.copyOf(messages));
        }

        void add(Expected message) {
            undoable.clear();
            messages.add(message);
        }

        void rewind(int kept) {
            List<Expected> dropped = messages.subList(kept, messages.size());
            undoable.push(List.copyOf(dropped));
            dropped.clear();
        }

        void cut(int index, int keep) {
            undoable.clear();
            messages.subList(index + 1, messages.size()).clear();
            messages.set(index, messages.get(index).cut(keep));
        }

        void undo() {
            messages.addAll(undoable.pop());
        }
    }

    /** One history: its event store, the aggregate, the live and the rebuilt transcript, and the model. */
    final class World implements AutoCloseable {

        private final String name = UUID.randomUUID().toString();
        private final MongoDatabase eventsDatabase = mongo.client().getDatabase("events-" + name);
        private final MongoTemplate liveStore = new MongoTemplate(mongo.client(), "live-" + name);
        private final MongoTemplate rebuiltStore = new MongoTemplate(mongo.client(), "rebuilt-" + name);
        private final MongoEventStorageEngine engine;
        private final Configuration axon;
        private final AggregateReader<Conversation> aggregates;
        private final ConversationHistory history;
        private final AnnotationEventHandlerAdapter live =
                new AnnotationEventHandlerAdapter(new TranscriptProjection(liveStore));
        private final AnnotationEventHandlerAdapter rebuilt =
                new AnnotationEventHandlerAdapter(new TranscriptProjection(rebuiltStore));
        private final List<ConversationId> conversations = new ArrayList<>();
        private final Map<ConversationId, Model> models = new HashMap<>();
        private TrackingToken fedUpTo;

        World() {
            JacksonSerializer serializer = JacksonSerializer.builder()
                    .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
                    .build();
            engine = MongoEventStorageEngine.builder()
                    .mongoDatabase(eventsDatabase)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .build();
            engine.ensureIndexes();
            AggregateConfigurer<Conversation> aggregate = AggregateConfigurer.defaultConfiguration(Conversation.class)
                    .configureSnapshotTrigger(
                            config -> new ConversationSnapshotTriggerDefinition(config.snapshotter(), SNAPSHOT_WEIGHT));
            axon = ConversationAxon.start(serializer, engine, aggregate);
            aggregates = new AggregateReader<>(axon.repository(Conversation.class));
            history = new ConversationHistory(axon.eventStore());
            ConversationId first = ConversationId.random();
            CommandResult started = send(new StartConversation(first, OWNER, "Random", null, null));
            conversations.add(first);
            models.put(first, new Model(List.of(), started.version()));
            feed(false);
        }

        void run(int index, Step step) {
            ConversationId target = conversations.get(step.target() % conversations.size());
            Model model = models.get(target);
            Conversation.MessageState state =
                    aggregates.read(target.value(), Conversation::messageState).orElseThrow();
            List<MessageId> ids = state.messageIds();
            switch (step.action()) {
                case POST -> {
                    String content = "post " + index;
                    model.add(new Expected(Role.USER, content, null, false));
                    model.record(
                            send(new PostUserMessage(target, OWNER, MessageId.random(), content, null, Instant.EPOCH))
                                    .version());
                }
                case TURN -> {
                    String content = "ask " + index;
                    TurnId turn = TurnId.random();
                    send(new StartTurn(
                            target,
                            OWNER,
                            turn,
                            MessageId.random(),
                            content,
                            null,
                            Instant.now().minus(Duration.ofHours(1))));
                    model.add(new Expected(Role.USER, content, null, false));
                    List<MessagePart> parts = parts(index, step.partKinds());
                    String interruption = step.variant() ? "Client disconnected" : null;
                    CommandResult finished = send(
                            new FinishTurn(target, turn, MessageId.random(), parts, "model-x", null, interruption));
                    if (!parts.isEmpty()) {
                        model.add(new Expected(Role.ASSISTANT, MessagePart.contentOf(parts), parts, step.variant()));
                    }
                    model.record(finished.version());
                }
                case REWIND, REGENERATE -> {
                    if (ids.isEmpty()) {
                        return;
                    }
                    int at = step.pick() % ids.size();
                    boolean inclusive = step.action() == Action.REGENERATE;
                    CommandResult rewound =
                            send(new RewindConversation(target, OWNER, ids.get(at), inclusive, Instant.EPOCH));
                    model.rewind(inclusive ? at : at + 1);
                    model.record(rewound.version());
                }
                case CUT -> {
                    if (state.lastAssistantId() == null) {
                        return;
                    }
                    List<Integer> seams = MessagePart.seams(state.lastAssistantParts());
                    if (seams.isEmpty()) {
                        return;
                    }
                    int keep = seams.get(step.pick() % seams.size());
                    CommandResult cut =
                            send(new TruncateMessage(target, OWNER, state.lastAssistantId(), keep, Instant.EPOCH));
                    model.cut(ids.indexOf(state.lastAssistantId()), keep);
                    model.record(cut.version());
                }
                case UNDO -> {
                    if (model.undoable.isEmpty()) {
                        assertThatThrownBy(() -> send(new UndoRewind(target, OWNER, Instant.EPOCH)))
                                .isInstanceOfSatisfying(DomainException.class, refused -> assertThat(refused.code())
                                        .isEqualTo(DomainException.Code.CONFLICT));
                    } else {
                        CommandResult undone = send(new UndoRewind(target, OWNER, Instant.EPOCH));
                        model.undo();
                        model.record(undone.version());
                    }
                }
                case FORK -> {
                    List<ConversationHistory.RecordedMessage> source = history.messages(target);
                    int end =
                            source.isEmpty() || step.pick() % 3 == 0 ? source.size() : 1 + step.pick() % source.size();
                    MessageId at =
                            end == source.size() ? null : source.get(end - 1).messageId();
                    Integer keepParts = step.variant() && end > 0 ? 1 + step.pick() % 3 : null;
                    List<Expected> copied = new ArrayList<>(model.messages.subList(0, end));
                    if (keepParts != null) {
                        copied.set(end - 1, copied.get(end - 1).cut(keepParts));
                    }
                    fork(index, target, ConversationForks.copies(source, at, keepParts), at, keepParts, copied);
                }
                case FORK_AT_VERSION -> {
                    List<Long> versions = new ArrayList<>(model.atVersion.keySet());
                    long version = versions.get(step.pick() % versions.size());
                    fork(
                            index,
                            target,
                            ConversationForks.copies(history.messages(target, version), null, null),
                            null,
                            null,
                            model.atVersion.get(version));
                }
            }
            feed(step.redeliver());
        }

        private void fork(
                int index,
                ConversationId source,
                List<CopiedMessage> copies,
                MessageId at,
                Integer keepParts,
                List<Expected> expected) {
            ConversationId forkId = ConversationId.random();
            CommandResult forked = send(new ForkConversation(
                    forkId, OWNER, "Fork " + index, null, null, source, at, keepParts, null, null, copies));
            conversations.add(forkId);
            models.put(forkId, new Model(expected, forked.version()));
        }

        /** Everything the step appended, to the live transcript as one batch; with a redelivery, twice. */
        private void feed(boolean redeliver) {
            List<TrackedEventMessage<?>> fresh;
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(fedUpTo, false)) {
                fresh = new ArrayList<>(events.toList());
            }
            if (!fresh.isEmpty()) {
                fedUpTo = fresh.get(fresh.size() - 1).trackingToken();
                handle(live, fresh);
                if (redeliver) {
                    handle(live, fresh);
                }
            }
        }

        void check() {
            rebuild();
            for (ConversationId id : conversations) {
                Model model = models.get(id);
                Conversation.MessageState state =
                        aggregates.read(id.value(), Conversation::messageState).orElseThrow();
                Transcript head = liveStore.findById(id.value(), Transcript.class);
                List<TranscriptMessage> shown = messagesOf(liveStore, id);
                List<ConversationHistory.RecordedMessage> logged = history.messages(id);

                assertThat(head.messageCount()).isEqualTo(state.messageCount()).isEqualTo(model.messages.size());
                assertThat(head.version()).isEqualTo(model.version);
                assertThat(shown)
                        .extracting(TranscriptMessage::id)
                        .containsExactlyElementsOf(state.messageIds().stream()
                                .map(MessageId::value)
                                .toList())
                        .containsExactlyElementsOf(logged.stream()
                                .map(recorded -> recorded.messageId().value())
                                .toList());
                assertThat(shown)
                        .extracting(TranscriptMessage::position)
                        .containsExactlyElementsOf(Stream.iterate(1L, position -> position + 1)
                                .limit(shown.size())
                                .toList());
                assertThat(shown.stream().map(Expected::of).toList())
                        .isEqualTo(model.messages)
                        .isEqualTo(logged.stream().map(Expected::of).toList());
                if (state.lastAssistantId() != null) {
                    TranscriptMessage lastAnswer = shown.stream()
                            .filter(message -> message.role() == Role.ASSISTANT)
                            .reduce((earlier, later) -> later)
                            .orElseThrow();
                    assertThat(lastAnswer.id())
                            .isEqualTo(state.lastAssistantId().value());
                    assertThat(lastAnswer.parts()).isEqualTo(state.lastAssistantParts());
                }
            }
            for (String collection :
                    List.of(Transcript.COLLECTION, TranscriptMessage.COLLECTION, RewoundMessage.COLLECTION)) {
                assertThat(documents(liveStore, collection))
                        .as("live and rebuilt %s", collection)
                        .isEqualTo(documents(rebuiltStore, collection));
            }
        }

        /** A fresh transcript from the whole log, in batches the size of which does not line up with the steps. */
        private void rebuild() {
            rebuilt.prepareReset();
            List<TrackedEventMessage<?>> all;
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(null, false)) {
                all = new ArrayList<>(events.toList());
            }
            for (int from = 0; from < all.size(); from += REBUILD_BATCH) {
                handle(rebuilt, all.subList(from, Math.min(all.size(), from + REBUILD_BATCH)));
            }
        }

        private CommandResult send(Object command) {
            return axon.commandGateway().sendAndWait(command);
        }

        @Override
        public void close() {
            axon.shutdown();
            eventsDatabase.drop();
            liveStore.getDb().drop();
            rebuiltStore.getDb().drop();
        }
    }

    /** An answer's parts: text, reasoning, tool calls and calls spawned by the previous call, as the kinds say. */
    static List<MessagePart> parts(int step, List<Integer> kinds) {
        List<MessagePart> parts = new ArrayList<>();
        String lastCall = null;
        for (int i = 0; i < kinds.size(); i++) {
            String label = "s" + step + "p" + i;
            switch (kinds.get(i)) {
                case 0 -> parts.add(MessagePart.text(label + " "));
                case 1 -> parts.add(MessagePart.reasoning(label));
                default -> {
                    String parent = kinds.get(i) == 3 ? lastCall : null;
                    lastCall = "call-" + label;
                    parts.add(MessagePart.toolCall(lastCall, "search", "{}", label, ToolStatus.COMPLETED, parent));
                }
            }
        }
        return parts;
    }

    /** Runs one batch of events through a projection the way its processor does: one unit of work, one flush. */
    static void handle(AnnotationEventHandlerAdapter projection, List<? extends EventMessage<?>> batch) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(
                        unitOfWork, List.of(ReadModelBatch.flushAfterLastEvent()), projection::handle)
                .proceed());
        if (result.isExceptional()) {
            throw new AssertionError("the projection failed", result.exceptionResult());
        }
    }

    static List<TranscriptMessage> messagesOf(MongoTemplate store, ConversationId id) {
        return store.find(
                Query.query(Criteria.where("conversationId").is(id.value())).with(Sort.by("position")),
                TranscriptMessage.class);
    }

    static List<Document> documents(MongoTemplate store, String collection) {
        return store.getCollection(collection)
                .find()
                .sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
    }
}
