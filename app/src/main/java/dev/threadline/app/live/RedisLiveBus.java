package dev.threadline.app.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The live bus across nodes, on Redis Streams. Each conversation has a stream of frames ({@code event} and
 * {@code data} fields, trimmed to about {@code maxFrames} entries, expiring {@code streamTtl} after its last turn
 * started) and, while a turn runs, a marker holding the position of its {@code turn_start}. Producers and followers
 * use separate clients, so readers parked in blocking reads never starve a running turn's writes. Each node runs one
 * blocking reader per followed conversation and fans its frames out in-process.
 */
final class RedisLiveBus extends FollowedLiveBus {

    private static final Logger log = LoggerFactory.getLogger(RedisLiveBus.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration READ_GRACE = Duration.ofSeconds(2);
    private static final Scheduler FAN_OUT = Schedulers.boundedElastic();
    /**
     * Appends a frame at sequence 0 of Redis's current millisecond, or of the millisecond after the stream's newest
     * entry if that is later (ARGV: max frames, event, data; KEYS[1]: the stream). An automatic id could fall within a
     * running turn's millisecond, at the very position that turn's next frame takes, and this node may already have
     * handed that frame to its followers.
     */
    private static final String PLACE_FRESH =
            """
            local now = redis.call('TIME')
            local millisecond = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
            if newest then
                millisecond = math.max(millisecond, tonumber(string.match(newest[1], '^(%d+)-')) + 1)
            end
            local id = string.format('%d-0', millisecond)
            id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], id, 'event', ARGV[2], 'data', ARGV[3])
            """;
    /** As {@link #PLACE_FRESH}, then the marker (KEYS[2], TTL ARGV[4] ms) and the stream's expiry (ARGV[5] ms). */
    private static final String PLACE_LIVE = PLACE_FRESH
            + """
            redis.call('SET', KEYS[2], id, 'PX', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return id
            """;

    private static final String PLACE = PLACE_FRESH + "return id\n";

    private final RedissonClient producer;
    private final RedissonClient follower;
    /** Only for the blocking reads, one parked per followed conversation. */
    private final RedissonClient reader;

    private final ObjectMapper json;
    private final LiveSettings settings;
    private final RedisTurnLeases leases;
    /**
     * The turns this node runs. Kept per turn, not per conversation: a turn's last writes may still be queued when the
     * conversation's next turn starts.
     */
    private final Map<RunningTurn, TurnState> running = new ConcurrentHashMap<>();

    private record RunningTurn(ConversationId conversation, String turnId) {}

    /**
     * What this node knows of a turn it runs. Its frames follow its {@code turn_start} at the same millisecond with
     * rising sequence numbers, so each frame's position is chosen here: a write at the next sequence number succeeds
     * only if nothing else was written after the previous one. That is what lets this node hand the frame to its own
     * followers as it is written ({@link #deliverAhead}), without the round trip through Redis and its reader.
     */
    private static final class TurnState {
        /** Completes when the marker, the stream's expiry and the lease are set, or could not be. */
        final CompletableFuture<Void> marked = new CompletableFuture<>();

        private StreamMessageId start;
        private StreamMessageId last;

        synchronized void placed(StreamMessageId turnStart) {
            start = turnStart;
            last = turnStart;
        }

        synchronized StreamMessageId start() {
            return start;
        }

        /** The next frame's position, or null before Redis placed the {@code turn_start}. */
        synchronized StreamMessageId next() {
            if (last == null) {
                return null;
            }
            last = new StreamMessageId(last.getId0(), last.getId1() + 1);
            return last;
        }
    }

    private volatile boolean closed;

    RedisLiveBus(
            RedissonClient producer,
            RedissonClient follower,
            RedissonClient reader,
            ObjectMapper json,
            LiveSettings settings,
            RedisTurnLeases leases) {
        this.producer = producer;
        this.follower = follower;
        this.reader = reader;
        this.json = json;
        this.settings = settings;
        this.leases = leases;
    }

    static String streamKey(ConversationId conversation) {
        return "threadline:stream:" + conversation.value();
    }

    static String markerKey(ConversationId conversation) {
        return "threadline:turn:" + conversation.value();
    }

    @Override
    public CompletionStage<Void> startTurn(ConversationId conversation, String turnId, TurnFrame turnStart) {
        RunningTurn turn = new RunningTurn(conversation, turnId);
        TurnState state = new TurnState();
        running.put(turn, state);
        CompletionStage<Void> started = placeLive(conversation, turnStart).thenCompose(id -> {
            state.placed(id);
            // A turn that ended before Redis answered (after the time-box) is not leased any more; its end, which
            // waits for this, removes the marker.
            return running.get(turn) == state ? leases.hold(conversation) : CompletableFuture.completedFuture(null);
        });
        // The turn's end waits for this, so that it is never undone by a late answer.
        started.whenComplete((ignored, error) -> state.marked.complete(null));
        return started;
    }

    /**
     * Appends the {@code turn_start} and, in the same step, sets the marker new followers replay from and renews the
     * stream's expiry: a follower never sees the frame without the marker, which would cost it the turn's start.
     */
    private CompletionStage<StreamMessageId> placeLive(ConversationId conversation, TurnFrame turnStart) {
        String data;
        try {
            data = json.writeValueAsString(turnStart.data());
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return place(
                PLACE_LIVE,
                List.of(streamKey(conversation), markerKey(conversation)),
                turnStart.type(),
                data,
                String.valueOf(settings.markerTtl().toMillis()),
                String.valueOf(settings.streamTtl().toMillis()));
    }

    private CompletionStage<StreamMessageId> place(
            String script, List<Object> keys, String type, String data, String... more) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(settings.maxFrames()), type, data));
        args.addAll(List.of(more));
        return producer.getScript(StringCodec.INSTANCE)
                .<String>evalAsync(RScript.Mode.READ_WRITE, script, RScript.ReturnType.VALUE, keys, args.toArray())
                .thenApply(RedisLiveBus::parse);
    }

    @Override
    public CompletionStage<Void> publish(ConversationId conversation, String turnId, TurnFrame frame) {
        String data;
        try {
            data = json.writeValueAsString(frame.data());
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        TurnState state = turnId == null ? null : running.get(new RunningTurn(conversation, turnId));
        StreamMessageId position = state == null ? null : state.next();
        if (position == null) {
            return place(PLACE, List.of(streamKey(conversation)), frame.type(), data)
                    .thenApply(id -> null);
        }
        CompletionStage<Void> added = stream(producer, conversation)
                .addAsync(
                        position,
                        StreamAddArgs.entries("event", frame.type(), "data", data)
                                .trimNonStrict()
                                .maxLen(settings.maxFrames())
                                .noLimit());
        // As the write is sent, not when Redis answers: the round trip is what stood between this node's followers
        // and the initiator. Redis refuses the write only if another writer got in after the previous frame, and every
        // other writer's position is in a later millisecond; the followers here then have this frame before that
        // writer's, never inside another turn (ADR 8).
        String previous = new StreamMessageId(position.getId0(), position.getId1() - 1).toString();
        deliverAhead(conversation, previous, new LiveFrame(position.toString(), frame));
        return added;
    }

    @Override
    public CompletionStage<Void> endTurn(ConversationId conversation, String turnId) {
        if (turnId == null) {
            return withLeaseReleased(
                    conversation,
                    producer.<String>getBucket(markerKey(conversation)).deleteAsync());
        }
        TurnState state = running.remove(new RunningTurn(conversation, turnId));
        if (state == null) {
            return CompletableFuture.completedFuture(null);
        }
        return state.marked.thenCompose(ignored -> {
            StreamMessageId start = state.start();
            if (start == null) {
                return CompletableFuture.completedFuture(null); // never placed, so never marked
            }
            // The marker only while it is this turn's: the conversation's next turn, on any node, may have its own.
            CompletionStage<Boolean> unmarked =
                    producer.<String>getBucket(markerKey(conversation)).compareAndSetAsync(start.toString(), null);
            // The lease is per conversation: kept while the conversation's next turn runs here (another node's next
            // turn holds it again at its next renewal).
            return running.keySet().stream()
                            .anyMatch(turn -> turn.conversation().equals(conversation))
                    ? unmarked.thenApply(done -> null)
                    : withLeaseReleased(conversation, unmarked);
        });
    }

    private CompletionStage<Void> withLeaseReleased(ConversationId conversation, CompletionStage<Boolean> unmarked) {
        return unmarked.thenCombine(leases.release(conversation), (done, ignored) -> null);
    }

    @Override
    public Mono<String> liveTurnStart(ConversationId conversation) {
        return Mono.fromCompletionStage(
                () -> follower.<String>getBucket(markerKey(conversation)).getAsync());
    }

    @Override
    public Flux<LiveFrame> range(ConversationId conversation, String id, boolean inclusive) {
        StreamMessageId position = parse(id);
        StreamRangeArgs range = (inclusive
                        ? StreamRangeArgs.startId(position)
                        : StreamRangeArgs.startIdExclusive(position))
                .endId(StreamMessageId.MAX);
        return Mono.fromCompletionStage(() -> stream(follower, conversation).rangeAsync(range))
                .flatMapIterable(entries -> decode(entries));
    }

    /** Stops this node's readers, before the clients shut down. */
    void close() {
        closed = true;
    }

    /** The frames of the conversation's live turn, from its {@code turn_start}: what a crashed node had relayed. */
    CompletionStage<List<TurnFrame>> liveTurn(ConversationId conversation) {
        return producer.<String>getBucket(markerKey(conversation))
                .getAsync()
                .thenCompose(start -> start == null
                        ? CompletableFuture.completedFuture(List.of())
                        : stream(producer, conversation)
                                .rangeAsync(
                                        StreamRangeArgs.startId(parse(start)).endId(StreamMessageId.MAX))
                                .thenApply(entries -> decode(entries).stream()
                                        .map(LiveFrame::frame)
                                        .toList()));
    }

    @Override
    public LiveFollowers.Tail open(ConversationId conversation, Consumer<LiveFrame> frames) {
        Reader reader = new Reader(conversation, frames);
        reader.start();
        return reader;
    }

    private static RStream<String, String> stream(RedissonClient client, ConversationId conversation) {
        return client.getStream(streamKey(conversation));
    }

    private List<LiveFrame> decode(Map<StreamMessageId, Map<String, String>> entries) {
        return entries.entrySet().stream()
                .map(entry -> new LiveFrame(entry.getKey().toString(), frame(entry.getValue())))
                .sorted(Comparator.comparing(LiveFrame::id, LiveFrame.ID_ORDER))
                .toList();
    }

    private TurnFrame frame(Map<String, String> fields) {
        String type = fields.getOrDefault("event", "status");
        try {
            return new TurnFrame(type, json.readValue(fields.getOrDefault("data", "{}"), new TypeReference<>() {}));
        } catch (JsonProcessingException e) {
            return new TurnFrame(type, Map.of("raw", fields.getOrDefault("data", "")));
        }
    }

    private static StreamMessageId parse(String id) {
        String[] parts = id.split("-", 2);
        return new StreamMessageId(Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[1]));
    }

    /**
     * This node's one blocking reader of a conversation's stream. It starts from the stream's newest entry, reads in
     * batches, and when Redis fails it says so to the followers, retries every second from where it stopped, and says
     * when it is back.
     */
    private final class Reader implements LiveFollowers.Tail {
        private final ConversationId conversation;
        private final Consumer<LiveFrame> frames;
        private final CompletableFuture<Void> positioned = new CompletableFuture<>();
        private volatile StreamMessageId position;
        private volatile boolean closed;
        private boolean failing;

        Reader(ConversationId conversation, Consumer<LiveFrame> frames) {
            this.conversation = conversation;
            this.frames = frames;
        }

        void start() {
            stream(follower, conversation)
                    .rangeReversedAsync(StreamRangeArgs.startId(StreamMessageId.MAX)
                            .endId(StreamMessageId.MIN)
                            .count(1))
                    .whenCompleteAsync(
                            (newest, error) -> {
                                if (error != null) {
                                    failed(error);
                                    retryLater(this::start);
                                    return;
                                }
                                position = newest.isEmpty()
                                        ? new StreamMessageId(0, 0)
                                        : newest.keySet().iterator().next();
                                positioned.complete(null);
                                recovered();
                                read();
                            },
                            FAN_OUT::schedule);
        }

        private void read() {
            if (closed || RedisLiveBus.this.closed) {
                return;
            }
            // A read parked on a connection that died is not always failed by the client: give it a deadline.
            stream(reader, conversation)
                    .readAsync(StreamReadArgs.greaterThan(position)
                            .count(settings.readBatch())
                            .timeout(settings.block()))
                    .toCompletableFuture()
                    .orTimeout(settings.block().plus(READ_GRACE).toMillis(), TimeUnit.MILLISECONDS)
                    // Fanning a batch out to this node's followers happens off the client's event loop.
                    .whenCompleteAsync(
                            (entries, error) -> {
                                if (error != null) {
                                    failed(error);
                                    retryLater(this::read);
                                    return;
                                }
                                recovered();
                                for (LiveFrame frame : decode(entries == null ? Map.of() : entries)) {
                                    position = parse(frame.id());
                                    frames.accept(frame);
                                }
                                read();
                            },
                            FAN_OUT::schedule);
        }

        private synchronized void failed(Throwable error) {
            if (!failing) {
                failing = true;
                log.warn("Live follow of conversation {} cannot read Redis: {}", conversation, error.toString());
                frames.accept(LiveFollowers.UNAVAILABLE);
            }
        }

        private synchronized void recovered() {
            if (failing) {
                failing = false;
                log.info("Live follow of conversation {} reads Redis again", conversation);
                frames.accept(LiveFollowers.AVAILABLE);
            }
        }

        private void retryLater(Runnable step) {
            if (!closed && !RedisLiveBus.this.closed) {
                CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(step);
            }
        }

        @Override
        public Mono<Void> ready() {
            return Mono.fromFuture(positioned, true).timeout(settings.readyTimeout());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
