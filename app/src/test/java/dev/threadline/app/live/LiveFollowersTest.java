package dev.threadline.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Frames handed over by the node running the turn, against the tail and the replay that also carry them. */
class LiveFollowersTest {

    private final ConversationId conversation = ConversationId.random();
    private final Sinks.Many<LiveFrame> stored = Sinks.many().replay().all();
    private Consumer<LiveFrame> tail;
    private final LiveFollowers followers = new LiveFollowers(new LiveFollowers.Source() {
        @Override
        public LiveFollowers.Tail open(ConversationId conversation, Consumer<LiveFrame> frames) {
            tail = frames;
            return new LiveFollowers.Tail() {
                @Override
                public Mono<Void> ready() {
                    return Mono.empty();
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public Mono<String> liveTurnStart(ConversationId conversation) {
            return Mono.empty();
        }

        @Override
        public Flux<LiveFrame> range(ConversationId conversation, String id, boolean inclusive) {
            return stored.asFlux();
        }
    });
    private final List<LiveFrame> received = new CopyOnWriteArrayList<>();
    private Disposable following;

    @AfterEach
    void stop() {
        following.dispose();
    }

    private void followFrom(String lastEventId) {
        following = followers.follow(conversation, lastEventId).subscribe(received::add);
    }

    private static LiveFrame token(String id) {
        return new LiveFrame(id, TurnFrame.of("token", "content", id));
    }

    private List<String> ids() {
        return received.stream()
                .filter(frame -> !frame.isSignal())
                .map(LiveFrame::id)
                .toList();
    }

    @Test
    void aFollowerThatLeavesWhileItsReplayIsStillReadingStopsTheRead() {
        followFrom("7-0");
        assertThat(stored.currentSubscriberCount()).isEqualTo(1);

        following.dispose();

        assertThat(stored.currentSubscriberCount()).isZero();
    }

    @Test
    void aFrameHandedAheadReachesTheFollowerAtItsPredecessorAndTheTailsCopyIsNotDeliveredAgain() {
        followFrom("7-0");
        stored.tryEmitComplete();

        followers.deliverAhead(conversation, "7-0", token("7-1"));
        assertThat(ids()).containsExactly("7-1");

        tail.accept(token("7-1"));
        tail.accept(token("7-2"));
        assertThat(ids()).containsExactly("7-1", "7-2");
    }

    @Test
    void aFrameHandedAheadOfOneTheFollowerMissedWaitsForTheTailSoNothingComesOutOfOrder() {
        followFrom("7-0");
        stored.tryEmitComplete();

        followers.deliverAhead(conversation, "7-1", token("7-2"));
        assertThat(ids()).isEmpty();

        tail.accept(token("7-1"));
        tail.accept(token("7-2"));
        assertThat(ids()).containsExactly("7-1", "7-2");
    }

    @Test
    void aFollowerStillReplayingTakesNothingAheadAndGetsEveryFrameOnceInOrder() {
        followFrom("7-0");
        stored.tryEmitNext(token("7-1"));

        followers.deliverAhead(conversation, "7-1", token("7-2"));
        tail.accept(token("7-2"));
        assertThat(ids()).containsExactly("7-1");

        stored.tryEmitComplete();
        followers.deliverAhead(conversation, "7-2", token("7-3"));
        tail.accept(token("7-3"));
        assertThat(ids()).containsExactly("7-1", "7-2", "7-3");
    }
}
