package dev.threadline.app.eventstore;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event storage engine on MongoDB that gives every event a global index and serves {@link GapAwareTrackingToken}s.
 *
 * <p>Appending reserves a block of global indexes with one atomic increment of a counter document, then inserts the
 * batch in order. Unique indexes on the global index, on (aggregate identifier, sequence number) and on the event
 * identifier make concurrent writers of the same aggregate fail with a duplicate-key error, which is reported as
 * Axon's {@code ConcurrencyException} (or {@code AggregateStreamCreationException} for a first event). Indexes that
 * were reserved but never written (a failed append) or are still being written (a concurrent append) appear to
 * readers as gaps, handled the way Axon's JDBC engine handles them: a gap is kept in the token until it is filled,
 * falls more than {@code maxGapOffset} behind, or the event after it is older than {@code gapTimeout}.
 *
 * <p>MongoDB without multi-document transactions cannot make a batch appear atomically: readers may see the first
 * events of a batch while the rest are still being inserted (later events then arrive in order), and when an insert
 * fails after earlier events of the same call succeeded, those earlier events are deleted again before the error is
 * rethrown. A tracking reader that read them in between has seen events that no longer exist; in practice a conflict
 * surfaces on the first event of a unit of work's batch, so nothing has been inserted yet.
 *
 * <p>Call {@link #ensureIndexes()} once at start-up.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    private static final Logger logger = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    static final String GLOBAL_INDEX = "globalIndex";
    static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    static final String SEQUENCE_NUMBER = "sequenceNumber";
    static final String TYPE = "type";
    static final String EVENT_IDENTIFIER = "eventIdentifier";
    static final String TIMESTAMP = "timestamp";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";
    /** "aggregateIdentifier:sequenceNumber": one uniquely indexed value, so an aggregate's events are read by value. */
    static final String STREAM_KEY = "streamKey";

    private static final String COUNTER_VALUE = "value";
    private static final String GLOBAL_INDEX_NAME = "uniqueGlobalIndex";
    private static final int MAX_RESERVATION_ATTEMPTS = 3;
    private static final ReentrantLock RESERVATION_LOCK = new ReentrantLock();

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final String counterId;
    private final int maxGapOffset;
    private final long gapTimeout;
    private final int gapCleaningThreshold;
    private final long lowestGlobalSequence;
    /** Writers waiting for global indexes, guarded by itself; {@code reserving} while a wave is at the store. */
    private final List<Reservation> reservations = new ArrayList<>();

    private boolean reserving;

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.events = database.getCollection(builder.eventsCollectionName);
        this.snapshots = database.getCollection(builder.snapshotsCollectionName);
        this.counters = database.getCollection(builder.countersCollectionName);
        this.counterId = builder.eventsCollectionName;
        this.maxGapOffset = builder.maxGapOffset;
        this.gapTimeout = builder.gapTimeout;
        this.gapCleaningThreshold = builder.gapCleaningThreshold;
        this.lowestGlobalSequence = builder.lowestGlobalSequence;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the indexes this engine relies on. Idempotent; call once at start-up, before the first append.
     */
    public void ensureIndexes() {
        addMissingStreamKeys();
        events.createIndex(
                Indexes.ascending(STREAM_KEY), new IndexOptions().unique(true).name("uniqueStreamKey"));
        events.createIndex(
                Indexes.ascending(GLOBAL_INDEX), new IndexOptions().unique(true).name(GLOBAL_INDEX_NAME));
        events.createIndex(
                Indexes.ascending(AGGREGATE_IDENTIFIER, SEQUENCE_NUMBER),
                new IndexOptions().unique(true).name("uniqueAggregateSequence"));
        events.createIndex(
                Indexes.ascending(EVENT_IDENTIFIER),
                new IndexOptions().unique(true).name("uniqueEventIdentifier"));
        // Serves createTokenAt on a real MongoDB; the embedded mongo-java-server ignores non-unique indexes.
        events.createIndex(Indexes.ascending(TIMESTAMP), new IndexOptions().name("timestamp"));
        snapshots.createIndex(
                Indexes.ascending(AGGREGATE_IDENTIFIER),
                new IndexOptions().unique(true).name("uniqueSnapshotAggregate"));
    }

    /** Events stored before the stream key existed get it, so that the unique index can be built over all events. */
    private void addMissingStreamKeys() {
        for (Document document : events.find(Filters.exists(STREAM_KEY, false))
                .projection(Projections.include(AGGREGATE_IDENTIFIER, SEQUENCE_NUMBER))) {
            events.updateOne(
                    Filters.eq("_id", document.get("_id")),
                    Updates.set(
                            STREAM_KEY,
                            streamKey(
                                    document.getString(AGGREGATE_IDENTIFIER),
                                    ((Number) document.get(SEQUENCE_NUMBER)).longValue())));
        }
    }

    private static String streamKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + ":" + sequenceNumber;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Appending
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(eventMessages.size());
        for (EventMessage<?> eventMessage : eventMessages) {
            documents.add(toDocument(asDomainEventMessage(eventMessage), serializer));
        }
        for (int attempt = 1; ; attempt++) {
            long firstIndex = reserveGlobalIndexes(documents.size());
            for (int i = 0; i < documents.size(); i++) {
                documents.get(i).put(GLOBAL_INDEX, firstIndex + i);
            }
            try {
                events.insertMany(documents, new InsertManyOptions().ordered(true));
                return;
            } catch (MongoBulkWriteException e) {
                // Ordered insert: every document before the first failed one was written.
                List<BulkWriteError> errors = e.getWriteErrors();
                int failedAt = errors.isEmpty() ? 0 : errors.get(0).getIndex();
                removeWritten(firstIndex, errors.isEmpty() ? documents.size() : failedAt, e);
                if (!errors.isEmpty() && isGlobalIndexCollision(errors.get(0)) && attempt < MAX_RESERVATION_ATTEMPTS) {
                    // Not a conflict between writers of an aggregate: the reserved indexes were taken (counter
                    // reset or a store whose counter update is not atomic). Reserve fresh ones.
                    logger.warn("Global index {} already taken; reserving new indexes", firstIndex + failedAt);
                    continue;
                }
                handlePersistenceException(e, eventMessages.get(Math.min(failedAt, eventMessages.size() - 1)));
            } catch (MongoException e) {
                // Unknown how far the insert got: remove whatever this call may have written.
                removeWritten(firstIndex, documents.size(), e);
                handlePersistenceException(e, eventMessages.get(0));
            }
        }
    }

    private static boolean isGlobalIndexCollision(BulkWriteError error) {
        String message = error.getMessage();
        return message != null && message.contains(GLOBAL_INDEX_NAME);
    }

    /**
     * Atomically reserves {@code count} consecutive global indexes and returns the first of them.
     *
     * <p>Writers that ask while a reservation is on its way to the store wait for it, then one of them reserves for all
     * of them in a single update of the counter and hands each its own consecutive range: concurrent appends cost one
     * round trip per wave instead of one each, one after the other. Nothing is reserved ahead of a writer's request.
     * If the wave's reservation fails, every writer of the wave fails with it; none is handed an index.
     */
    protected long reserveGlobalIndexes(int count) {
        Reservation mine = new Reservation(count);
        List<Reservation> wave;
        synchronized (reservations) {
            reservations.add(mine);
            awaitOtherWaves(mine);
            if (mine.done) {
                return mine.firstIndex();
            }
            reserving = true;
            wave = new ArrayList<>(reservations);
            reservations.clear();
        }
        try {
            long next = reserveInStore(wave.stream().mapToInt(r -> r.count).sum());
            for (Reservation reservation : wave) {
                reservation.first = next;
                next += reservation.count;
            }
        } catch (Throwable e) { // even an Error: no writer of the wave may go on with an index nobody reserved
            wave.forEach(reservation -> reservation.failure = e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            synchronized (reservations) {
                wave.forEach(reservation -> reservation.done = true);
                reserving = false;
                reservations.notifyAll();
            }
        }
        return mine.firstIndex();
    }

    /**
     * Waits, under the lock, until another writer's wave has served this reservation or none is on its way. An
     * interrupt does not cut the wait short (it lasts at most one round trip): a writer that left would still be
     * reserved for by the next wave, leaving a gap no append fills. The interrupt is kept for the caller.
     */
    private void awaitOtherWaves(Reservation mine) {
        boolean interrupted = false;
        while (reserving && !mine.done) {
            try {
                reservations.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One writer's request for indexes; filled in by whichever writer reserves for its wave. */
    private static final class Reservation {
        final int count;
        long first;
        Throwable failure;
        boolean done;

        Reservation(int count) {
            this.count = count;
        }

        long firstIndex() {
            if (failure != null) {
                throw new EventStoreException("Could not reserve global indexes for " + count + " events", failure);
            }
            return first;
        }
    }

    private long reserveInStore(int count) {
        Document counter;
        // A real MongoDB applies findOneAndUpdate atomically. The embedded mongo-java-server does not (it queries,
        // then updates), so concurrent reservations within this JVM are serialised; across JVMs the unique global
        // index and the retry in appendEvents catch a collision.
        RESERVATION_LOCK.lock();
        try {
            counter = counters.findOneAndUpdate(
                    Filters.eq("_id", counterId),
                    Updates.inc(COUNTER_VALUE, (long) count),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } finally {
            RESERVATION_LOCK.unlock();
        }
        if (counter == null) {
            throw new EventStoreException("The global index counter [" + counterId + "] was not returned");
        }
        long reservedUpTo = ((Number) counter.get(COUNTER_VALUE)).longValue();
        // The counter counts reserved indexes; indexes start at lowestGlobalSequence.
        return lowestGlobalSequence + reservedUpTo - count;
    }

    private void removeWritten(long firstIndex, int count, Exception cause) {
        if (count <= 0) {
            return;
        }
        try {
            events.deleteMany(
                    Filters.and(Filters.gte(GLOBAL_INDEX, firstIndex), Filters.lt(GLOBAL_INDEX, firstIndex + count)));
        } catch (MongoException e) {
            cause.addSuppressed(e);
            logger.error(
                    "Could not remove the partially appended events with global index [{}, {})",
                    firstIndex,
                    firstIndex + count,
                    e);
        }
    }

    private Document toDocument(DomainEventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        return new Document()
                .append(GLOBAL_INDEX, null)
                .append(AGGREGATE_IDENTIFIER, event.getAggregateIdentifier())
                .append(SEQUENCE_NUMBER, event.getSequenceNumber())
                .append(STREAM_KEY, streamKey(event.getAggregateIdentifier(), event.getSequenceNumber()))
                .append(TYPE, event.getType())
                .append(EVENT_IDENTIFIER, event.getIdentifier())
                .append(TIMESTAMP, formatTimestamp(event.getTimestamp()))
                .append(PAYLOAD_TYPE, payload.getType().getName())
                .append(PAYLOAD_REVISION, payload.getType().getRevision())
                .append(PAYLOAD, payload.getData())
                .append(META_DATA, metaData.getData());
    }

    /**
     * Non-domain events get the event identifier as aggregate identifier, sequence 0 and no type, as Axon's JDBC
     * engine stores them, so the unique (aggregate, sequence) index holds for them too.
     */
    private static <T> DomainEventMessage<T> asDomainEventMessage(EventMessage<T> event) {
        if (event instanceof DomainEventMessage<T> domainEvent) {
            return domainEvent;
        }
        return new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    /** Fixed-width ISO-8601 (millisecond precision, as Axon's JDBC engine), so strings sort by time. */
    private static String formatTimestamp(Instant timestamp) {
        return DateTimeUtils.formatInstant(timestamp);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Snapshots
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = toDocument(snapshot, serializer);
        document.remove(GLOBAL_INDEX);
        document.remove(STREAM_KEY);
        try {
            // Replaces an older snapshot; when a newer one exists the filter misses and the upsert collides with the
            // unique aggregate index, which means the stored snapshot is already the latest.
            snapshots.replaceOne(
                    Filters.and(
                            Filters.eq(AGGREGATE_IDENTIFIER, snapshot.getAggregateIdentifier()),
                            Filters.lte(SEQUENCE_NUMBER, snapshot.getSequenceNumber())),
                    document,
                    new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            if (!new MongoDuplicateKeyResolver().isDuplicateKeyViolation(e)) {
                handlePersistenceException(e, snapshot);
            }
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        try {
            Document document = snapshots
                    .find(Filters.eq(AGGREGATE_IDENTIFIER, aggregateIdentifier))
                    .sort(Sorts.descending(SEQUENCE_NUMBER))
                    .first();
            return document == null ? Stream.empty() : Stream.of(toDomainEventData(document, false));
        } catch (MongoException e) {
            throw new EventStoreException("Error reading the snapshot of aggregate [" + aggregateIdentifier + "]", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Aggregate streams
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(
            String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        try {
            List<DomainEventData<?>> result = new ArrayList<>();
            List<String> keys = LongStream.range(firstSequenceNumber, firstSequenceNumber + batchSize)
                    .mapToObj(sequence -> streamKey(aggregateIdentifier, sequence))
                    .toList();
            for (Document document : events.find(Filters.in(STREAM_KEY, keys)).sort(Sorts.ascending(SEQUENCE_NUMBER))) {
                result.add(toDomainEventData(document, false));
            }
            return result;
        } catch (MongoException e) {
            throw new EventStoreException("Failed to read events for aggregate [" + aggregateIdentifier + "]", e);
        }
    }

    /**
     * Whether the aggregate has an event with this sequence number: one lookup of a uniquely indexed value, however long
     * the aggregate's history. Asked with the sequence after a known version, it tells whether that version is still the
     * aggregate's latest.
     */
    public boolean hasEvent(String aggregateIdentifier, long sequenceNumber) {
        try {
            return events.find(Filters.eq(STREAM_KEY, streamKey(aggregateIdentifier, sequenceNumber)))
                            .projection(Projections.include(SEQUENCE_NUMBER))
                            .first()
                    != null;
        } catch (MongoException e) {
            throw new EventStoreException("Failed to read events for aggregate [" + aggregateIdentifier + "]", e);
        }
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        try {
            Document document = events.find(Filters.eq(AGGREGATE_IDENTIFIER, aggregateIdentifier))
                    .projection(Projections.include(SEQUENCE_NUMBER))
                    .sort(Sorts.descending(SEQUENCE_NUMBER))
                    .first();
            return Optional.ofNullable(document).map(d -> ((Number) d.get(SEQUENCE_NUMBER)).longValue());
        } catch (MongoException e) {
            throw new EventStoreException("Failed to read events for aggregate [" + aggregateIdentifier + "]", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tracking
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException(String.format(
                    "Token [%s] is of the wrong type. Expected [%s]",
                    lastToken, GapAwareTrackingToken.class.getSimpleName()));
        }
        GapAwareTrackingToken token = (GapAwareTrackingToken) lastToken;
        try {
            if (token != null && token.getGaps().size() > gapCleaningThreshold) {
                token = cleanGaps(token);
            }
            List<Document> documents = nextTrackedDocuments(token, batchSize);
            List<TrackedEventData<?>> result = new ArrayList<>();
            GapAwareTrackingToken previous = token;
            for (Document document : documents) {
                long globalIndex = ((Number) document.get(GLOBAL_INDEX)).longValue();
                DomainEventData<String> data = toDomainEventData(document, true);
                boolean allowGaps = data.getTimestamp().isAfter(gapTimeoutFrame());
                GapAwareTrackingToken next;
                if (previous == null) {
                    next = GapAwareTrackingToken.newInstance(
                            globalIndex,
                            allowGaps
                                    ? LongStream.range(Math.min(lowestGlobalSequence, globalIndex), globalIndex)
                                            .boxed()
                                            .collect(Collectors.toCollection(TreeSet::new))
                                    : Collections.emptySortedSet());
                } else {
                    next = previous.advanceTo(globalIndex, allowGaps ? maxGapOffset : 0);
                }
                result.add(new TrackedDomainEventData<>(next, data));
                previous = next;
            }
            return result;
        } catch (MongoException e) {
            throw new EventStoreException("Failed to read events from token [" + lastToken + "]", e);
        }
    }

    /**
     * The next stored events after the token, by global index: its gaps and the indexes that follow it, looked up by
     * value, so that even a store that serves only equality lookups from an index (the embedded development server)
     * never scans the whole log. A run of indexes that were reserved but never written is skipped by looking at the
     * next window, up to the highest reserved index.
     */
    private List<Document> nextTrackedDocuments(GapAwareTrackingToken token, int batchSize) {
        long head = highestReservedIndex();
        List<Long> candidates = new ArrayList<>(token == null ? List.of() : token.getGaps());
        long next = token == null ? lowestGlobalSequence : token.getIndex() + 1;
        while (true) {
            long windowEnd = Math.min(head, next + batchSize - 1);
            for (long index = next; index <= windowEnd; index++) {
                candidates.add(index);
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            List<Document> found = events.find(Filters.in(GLOBAL_INDEX, candidates))
                    .sort(Sorts.ascending(GLOBAL_INDEX))
                    .limit(batchSize)
                    .into(new ArrayList<>());
            if (!found.isEmpty() || windowEnd >= head) {
                return found;
            }
            next = windowEnd + 1;
            candidates.clear();
        }
    }

    /** The highest global index handed out so far; events above it do not exist yet. */
    private long highestReservedIndex() {
        Document counter = counters.find(Filters.eq("_id", counterId)).first();
        long reserved = counter == null ? 0 : ((Number) counter.get(COUNTER_VALUE)).longValue();
        return lowestGlobalSequence + reserved - 1;
    }

    /**
     * Drops gaps that will never be filled: walking the stored events from the first gap upwards, every gap before an
     * event that is older than the gap timeout is given up, until the first filled gap or recent event.
     */
    private GapAwareTrackingToken cleanGaps(GapAwareTrackingToken token) {
        SortedSet<Long> gaps = token.getGaps();
        GapAwareTrackingToken cleaned = token;
        Instant frame = gapTimeoutFrame();
        for (Document document : events.find(Filters.and(
                        Filters.gte(GLOBAL_INDEX, gaps.first()), Filters.lte(GLOBAL_INDEX, gaps.last() + 1L)))
                .projection(Projections.include(GLOBAL_INDEX, TIMESTAMP))
                .sort(Sorts.ascending(GLOBAL_INDEX))) {
            long globalIndex = ((Number) document.get(GLOBAL_INDEX)).longValue();
            Instant timestamp = DateTimeUtils.parseInstant(document.getString(TIMESTAMP));
            if (gaps.contains(globalIndex) || timestamp.isAfter(frame)) {
                break;
            }
            if (gaps.contains(globalIndex - 1)) {
                cleaned = cleaned.withGapsTruncatedAt(globalIndex);
            }
        }
        return cleaned;
    }

    private Instant gapTimeoutFrame() {
        return GenericEventMessage.clock.instant().minus(gapTimeout, ChronoUnit.MILLIS);
    }

    @Override
    public TrackingToken createTailToken() {
        return tokenBefore(firstIndexMatching(new Document()));
    }

    @Override
    public TrackingToken createHeadToken() {
        return tokenAt(lastIndex());
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Long first = firstIndexMatching(Filters.gte(TIMESTAMP, formatTimestamp(dateTime)));
        return first != null ? tokenBefore(first) : createHeadToken();
    }

    private Long firstIndexMatching(Bson filter) {
        return indexOf(events.find(filter)
                .projection(Projections.include(GLOBAL_INDEX))
                .sort(Sorts.ascending(GLOBAL_INDEX))
                .first());
    }

    private Long lastIndex() {
        return indexOf(events.find()
                .projection(Projections.include(GLOBAL_INDEX))
                .sort(Sorts.descending(GLOBAL_INDEX))
                .first());
    }

    private static Long indexOf(Document document) {
        return document == null ? null : ((Number) document.get(GLOBAL_INDEX)).longValue();
    }

    private static TrackingToken tokenBefore(Long index) {
        return index == null ? null : tokenAt(index - 1);
    }

    private static TrackingToken tokenAt(Long index) {
        return index == null ? null : GapAwareTrackingToken.newInstance(index, Collections.emptySet());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Mapping
    // ---------------------------------------------------------------------------------------------------------------

    private static DomainEventData<String> toDomainEventData(Document document, boolean tracked) {
        String aggregateIdentifier = document.getString(AGGREGATE_IDENTIFIER);
        String eventIdentifier = document.getString(EVENT_IDENTIFIER);
        if (tracked && eventIdentifier.equals(aggregateIdentifier)) {
            // A non-domain event, stored under its own identifier.
            aggregateIdentifier = null;
        }
        return new GenericDomainEventEntry<>(
                document.getString(TYPE),
                aggregateIdentifier,
                ((Number) document.get(SEQUENCE_NUMBER)).longValue(),
                eventIdentifier,
                document.getString(TIMESTAMP),
                document.getString(PAYLOAD_TYPE),
                document.getString(PAYLOAD_REVISION),
                document.getString(PAYLOAD),
                document.getString(META_DATA));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Builder
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Builder for {@link MongoEventStorageEngine}. The {@link MongoDatabase} is required. Serializers default to
     * {@link JacksonSerializer#defaultSerializer()} (never XStream), the exception resolver to
     * {@link MongoDuplicateKeyResolver}, collections to {@code events}, {@code snapshots} and {@code event_counters},
     * and the gap settings to those of Axon's JDBC engine: {@code maxGapOffset} 10000, {@code gapTimeout} 60000 ms,
     * {@code gapCleaningThreshold} 250, {@code lowestGlobalSequence} 1.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String eventsCollectionName = "events";
        private String snapshotsCollectionName = "snapshots";
        private String countersCollectionName = "event_counters";
        private int maxGapOffset = 10000;
        private long gapTimeout = 60000;
        private int gapCleaningThreshold = 250;
        private long lowestGlobalSequence = 1;
        private boolean eventSerializerSet;
        private boolean snapshotSerializerSet;

        protected Builder() {
            persistenceExceptionResolver(new MongoDuplicateKeyResolver());
        }

        public Builder mongoDatabase(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        public Builder eventsCollectionName(String name) {
            assertCollectionName(name);
            this.eventsCollectionName = name;
            return this;
        }

        public Builder snapshotsCollectionName(String name) {
            assertCollectionName(name);
            this.snapshotsCollectionName = name;
            return this;
        }

        public Builder countersCollectionName(String name) {
            assertCollectionName(name);
            this.countersCollectionName = name;
            return this;
        }

        public Builder maxGapOffset(int maxGapOffset) {
            assertThat(maxGapOffset, v -> v > 0, "The maxGapOffset must be a positive number");
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        public Builder gapTimeout(long gapTimeoutMillis) {
            assertThat(gapTimeoutMillis, v -> v >= 0, "The gapTimeout may not be negative");
            this.gapTimeout = gapTimeoutMillis;
            return this;
        }

        public Builder gapCleaningThreshold(int gapCleaningThreshold) {
            assertThat(gapCleaningThreshold, v -> v > 0, "The gapCleaningThreshold must be a positive number");
            this.gapCleaningThreshold = gapCleaningThreshold;
            return this;
        }

        public Builder lowestGlobalSequence(long lowestGlobalSequence) {
            assertThat(lowestGlobalSequence, v -> v >= 0, "The lowestGlobalSequence may not be negative");
            this.lowestGlobalSequence = lowestGlobalSequence;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            this.snapshotSerializerSet = true;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            this.eventSerializerSet = true;
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            return this;
        }

        @Override
        @Deprecated
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(
                Predicate<List<? extends DomainEventData<?>>> finalAggregateBatchPredicate) {
            super.finalAggregateBatchPredicate(finalAggregateBatchPredicate);
            return this;
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            if (!eventSerializerSet || !snapshotSerializerSet) {
                JacksonSerializer jackson = JacksonSerializer.defaultSerializer();
                if (!eventSerializerSet) {
                    eventSerializer(jackson);
                }
                if (!snapshotSerializerSet) {
                    snapshotSerializer(jackson);
                }
            }
            super.validate();
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
        }

        public MongoEventStorageEngine build() {
            return new MongoEventStorageEngine(this);
        }

        private static void assertCollectionName(String name) {
            assertThat(name, n -> n != null && !n.isBlank(), "A collection name may not be empty");
        }
    }
}
