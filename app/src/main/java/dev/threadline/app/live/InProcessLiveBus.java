package dev.threadline.app.live;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The live bus of a single node, in memory: each conversation keeps its latest frames (at most {@code maxFrames},
 * like the Redis stream's MAXLEN) for replays, and fans them out to this node's followers as they are written.
 * Streams nobody wrote to for {@code retention} are dropped by {@link #forgetIdle()}.
 */
final class InProcessLiveBus extends FollowedLiveBus {

    private final int maxFrames;
    private final Duration retention;
    private final Clock clock;
    private final Map<ConversationId, Stream> streams = new ConcurrentHashMap<>();
    private final Map<ConversationId, Consumer<LiveFrame>> tails = new ConcurrentHashMap<>();
    private final Instant started;

    InProcessLiveBus(int maxFrames, Duration retention, Clock clock) {
        this.maxFrames = maxFrames;
        this.retention = retention;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** This is the only node: a turn still open from before it started was cut short when the last one stopped. */
    @Override
    public Instant turnsOrphanedBefore() {
        return started;
    }

    @Override
    public CompletionStage<Void> startTurn(ConversationId conversation, String turnId, TurnFrame turnStart) {
        return append(conversation, turnId, turnStart, true);
    }

    @Override
    public CompletionStage<Void> publish(ConversationId conversation, String turnId, TurnFrame frame) {
        return append(conversation, turnId, frame, false);
    }

    @Override
    public CompletionStage<Void> endTurn(ConversationId conversation, String turnId) {
        Stream stream = streams.get(conversation);
        if (stream != null) {
            synchronized (stream) {
                // Unless the conversation's next turn has started meanwhile: the live turn is that one now.
                if (turnId == null || turnId.equals(stream.liveTurnId)) {
                    stream.liveTurnStart = null;
                    stream.liveTurnId = null;
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public LiveFollowers.Tail open(ConversationId conversation, Consumer<LiveFrame> frames) {
        tails.put(conversation, frames);
        return new LiveFollowers.Tail() {
            @Override
            public Mono<Void> ready() {
                return Mono.empty(); // frames reach the tail as they are written
            }

            @Override
            public void close() {
                tails.remove(conversation, frames);
            }
        };
    }

    @Override
    public Mono<String> liveTurnStart(ConversationId conversation) {
        Stream stream = streams.get(conversation);
        if (stream == null) {
            return Mono.empty();
        }
        synchronized (stream) {
            return Mono.justOrEmpty(stream.liveTurnStart);
        }
    }

    @Override
    public Flux<LiveFrame> range(ConversationId conversation, String id, boolean inclusive) {
        Stream stream = streams.get(conversation);
        if (stream == null) {
            return Flux.empty();
        }
        List<LiveFrame> frames;
        synchronized (stream) {
            frames = stream.frames.stream()
                    .filter(frame ->
                            frame.isAfter(id) || (inclusive && frame.id().equals(id)))
                    .toList();
        }
        return Flux.fromIterable(frames);
    }

    /** Drops the streams of conversations without a live turn that nobody wrote to for the retention period. */
    void forgetIdle() {
        Instant horizon = clock.instant().minus(retention);
        // Decided and removed under the stream's lock, so a write never lands in a stream that is being dropped.
        streams.keySet()
                .forEach(conversation -> streams.computeIfPresent(conversation, (id, stream) -> {
                    synchronized (stream) {
                        return stream.liveTurnStart == null && stream.lastWrite.isBefore(horizon) ? null : stream;
                    }
                }));
    }

    private CompletionStage<Void> append(
            ConversationId conversation, String turnId, TurnFrame frame, boolean startsTurn) {
        while (true) {
            Stream stream = streams.computeIfAbsent(conversation, id -> new Stream());
            synchronized (stream) {
                if (streams.get(conversation) == stream) {
                    return append(stream, conversation, turnId, frame, startsTurn);
                }
            } // forgotten as idle meanwhile: write to a fresh one
        }
    }

    private CompletionStage<Void> append(
            Stream stream, ConversationId conversation, String turnId, TurnFrame frame, boolean startsTurn) {
        if (!startsTurn && turnId != null && !turnId.equals(stream.liveTurnId)) {
            // A turn's last writes, queued past the next turn's start: they would land inside the next turn.
            return CompletableFuture.failedFuture(
                    new IllegalStateException("Turn " + turnId + " is no longer the conversation's live turn"));
        }
        LiveFrame written = new LiveFrame(stream.nextId(clock.millis()), frame);
        stream.frames.addLast(written);
        while (stream.frames.size() > maxFrames) {
            stream.frames.removeFirst();
        }
        if (startsTurn) {
            stream.liveTurnStart = written.id();
            stream.liveTurnId = turnId;
        }
        stream.lastWrite = clock.instant();
        // Under the stream's lock (the caller's), so followers see frames in the order they were written.
        Consumer<LiveFrame> tail = tails.get(conversation);
        if (tail != null) {
            tail.accept(written);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** One conversation's frames, with ids shaped like Redis stream ids: milliseconds, then a sequence. */
    private static final class Stream {
        final ArrayDeque<LiveFrame> frames = new ArrayDeque<>();
        String liveTurnStart;
        String liveTurnId;
        Instant lastWrite = Instant.EPOCH;
        private long lastMillis;
        private long sequence;

        String nextId(long millis) {
            if (millis > lastMillis) {
                lastMillis = millis;
                sequence = 0;
            } else {
                sequence++;
            }
            return lastMillis + "-" + sequence;
        }
    }
}
