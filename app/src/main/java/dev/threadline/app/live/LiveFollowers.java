package dev.threadline.app.live;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * This node's followers, by conversation. Each conversation with followers here has one {@link Tail} (for Redis, one
 * blocking reader) whose frames fan out in-process to all of them. A follower is fed its replay (the live turn from its
 * start, or everything after its {@code Last-Event-ID}) and then the tail, with positions deduplicated, so nothing is
 * missing and nothing comes twice.
 */
final class LiveFollowers {

    static final LiveFrame UNAVAILABLE = LiveFrame.signal(TurnFrame.of(
            "status",
            "follow",
            "unavailable",
            "message",
            "Live updates are unavailable right now; they resume by themselves"));
    static final LiveFrame AVAILABLE = LiveFrame.signal(TurnFrame.of("status", "follow", "live"));

    /** A conversation's frames as this node receives them, from the moment it is opened. */
    interface Tail {
        /** Completes once every frame written from now on will reach the tail, so a replay may start. */
        Mono<Void> ready();

        void close();
    }

    /** Where a bus keeps its frames: the live tail and the stored stream a replay reads. */
    interface Source {
        Tail open(ConversationId conversation, Consumer<LiveFrame> frames);

        /** The position of the live turn's {@code turn_start}, if a turn is live. */
        Mono<String> liveTurnStart(ConversationId conversation);

        /** The stored frames after position {@code id}, or from it when {@code inclusive}. */
        Flux<LiveFrame> range(ConversationId conversation, String id, boolean inclusive);
    }

    static final int MAX_BUFFERED = 10_000;
    static final Duration REPLAY_RETRY = Duration.ofSeconds(1);

    private final Source source;
    private final Map<ConversationId, Channel> channels = new ConcurrentHashMap<>();

    LiveFollowers(Source source) {
        this.source = source;
    }

    Flux<LiveFrame> follow(ConversationId conversation, String lastEventId) {
        return Flux.<LiveFrame>create(sink -> {
                    Follower follower = new Follower(conversation, sink, lastEventId);
                    Channel channel = join(conversation, follower);
                    sink.onDispose(() -> {
                        follower.stop();
                        leave(conversation, channel, follower);
                    });
                    follower.start(channel.tail);
                })
                // A follower that stops reading is cut off rather than buffered without end; it resumes from its
                // Last-Event-ID when it reconnects.
                .onBackpressureBuffer(MAX_BUFFERED);
    }

    /**
     * A frame this node is writing to the stream right after {@code previousId}, handed to its followers here before
     * the tail brings it. Only a follower whose position is that predecessor takes it, so none gets frames out of
     * order; the others, and any follower still replaying, get it from the tail as usual, and the tail's copy of a
     * frame taken here is dropped as already delivered. Should the stream refuse the write because another writer got
     * in after the predecessor, a follower that took the frame gets that writer's frame after it, as it would have.
     */
    void deliverAhead(ConversationId conversation, String previousId, LiveFrame frame) {
        Channel channel = channels.get(conversation);
        if (channel != null) {
            channel.followers.forEach(follower -> follower.onAhead(previousId, frame));
        }
    }

    /** Ends every follow stream on this node (the node is stopping); clients reconnect elsewhere with their ids. */
    void endAll() {
        channels.values().forEach(channel -> channel.followers.forEach(Follower::end));
    }

    /** How many people follow the conversation on this node. */
    int followers(ConversationId conversation) {
        Channel channel = channels.get(conversation);
        return channel == null ? 0 : channel.followers.size();
    }

    private Channel join(ConversationId conversation, Follower follower) {
        return channels.compute(conversation, (id, channel) -> {
            Channel joined = channel != null ? channel : new Channel(id);
            joined.followers.add(follower);
            return joined;
        });
    }

    private void leave(ConversationId conversation, Channel channel, Follower follower) {
        channels.computeIfPresent(conversation, (id, current) -> {
            current.followers.remove(follower);
            if (current.followers.isEmpty()) {
                current.tail.close();
                return null;
            }
            return current;
        });
    }

    private final class Channel {
        final Set<Follower> followers = ConcurrentHashMap.newKeySet();
        final Tail tail;

        Channel(ConversationId conversation) {
            this.tail = source.open(conversation, this::emit);
        }

        private void emit(LiveFrame frame) {
            followers.forEach(follower -> follower.onTail(frame));
        }
    }

    /**
     * One follower's position: frames of the tail that arrive during its replay wait until the replay is done. The
     * replay reads the stored stream outside this follower's lock (the in-process bus calls {@link #onTail} under its
     * stream's lock), and a replay that fails is tried again every second until it works.
     */
    private final class Follower {
        private final ConversationId conversation;
        private final FluxSink<LiveFrame> sink;
        private final List<LiveFrame> held = new ArrayList<>();
        private String position;
        private boolean replaying = true;
        private boolean replayFailed;
        private boolean available = true;
        private volatile boolean stopped;
        /** Says the follower left: it cancels a replay still reading, so that churn does not leave reads behind. */
        private final Sinks.One<Boolean> left = Sinks.one();

        private Tail tail;

        Follower(ConversationId conversation, FluxSink<LiveFrame> sink, String lastEventId) {
            this.conversation = conversation;
            this.sink = sink;
            this.position = lastEventId;
        }

        void start(Tail tail) {
            this.tail = tail;
            replay();
        }

        void stop() {
            stopped = true;
            left.tryEmitValue(true);
        }

        void end() {
            stop();
            sink.complete();
        }

        private void replay() {
            if (stopped) {
                return;
            }
            String from;
            synchronized (this) {
                replaying = true;
                replayFailed = false;
                from = position;
            }
            tail.ready()
                    .thenMany(Flux.defer(() -> history(from)))
                    .takeUntilOther(left.asMono())
                    .subscribe(this::onReplayed, this::onReplayFailed, this::onReplayDone);
        }

        private Flux<LiveFrame> history(String from) {
            if (from != null) {
                return source.range(conversation, from, false);
            }
            // Led by turn_start even when the real one was trimmed away, so the follower knows to start afresh.
            return source.liveTurnStart(conversation).flatMapMany(start -> source.range(conversation, start, true)
                    .collectList()
                    .flatMapIterable(
                            frames -> frames.isEmpty() || !frames.get(0).id().equals(start)
                                    ? prepend(new LiveFrame(start, TurnFrame.of("turn_start")), frames)
                                    : frames));
        }

        synchronized void onTail(LiveFrame frame) {
            if (frame.isSignal()) {
                signal(frame == AVAILABLE);
                if (frame == AVAILABLE && replayFailed) {
                    Schedulers.parallel().schedule(this::replay);
                }
            } else if (replaying) {
                held.add(frame);
            } else {
                deliver(frame);
            }
        }

        synchronized void onAhead(String previousId, LiveFrame frame) {
            if (!replaying && previousId.equals(position)) {
                deliver(frame);
            }
        }

        private synchronized void onReplayed(LiveFrame frame) {
            deliver(frame);
        }

        private synchronized void onReplayDone() {
            if (stopped) {
                return; // cut short because the follower left
            }
            replaying = false;
            signal(true);
            held.forEach(this::deliver);
            held.clear();
        }

        /** The stream cannot be read now: keep holding the tail, say so, and try again shortly. */
        private synchronized void onReplayFailed(Throwable error) {
            replayFailed = true;
            signal(false);
            Schedulers.parallel().schedule(this::retryReplay, REPLAY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void retryReplay() {
            boolean stillFailed;
            synchronized (this) {
                stillFailed = replayFailed;
            }
            if (stillFailed) {
                replay();
            }
        }

        private void deliver(LiveFrame frame) {
            if (frame.isAfter(position)) {
                position = frame.id();
                sink.next(frame);
            }
        }

        private void signal(boolean nowAvailable) {
            if (available != nowAvailable) {
                available = nowAvailable;
                sink.next(nowAvailable ? AVAILABLE : UNAVAILABLE);
            }
        }
    }

    private static List<LiveFrame> prepend(LiveFrame first, List<LiveFrame> rest) {
        List<LiveFrame> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
