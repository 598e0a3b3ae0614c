package dev.threadline.app.live;

import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveFrame;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;

/**
 * What both buses share: this node's followers, fed from the bus's stored stream and live tail. Their follow streams
 * never end by themselves, so they end when the node stops, before the web server's graceful shutdown, which would
 * otherwise wait its whole timeout for them.
 */
abstract class FollowedLiveBus implements LiveBus, LiveFollowers.Source, SmartLifecycle {

    private final LiveFollowers followers = new LiveFollowers(this);

    @Override
    public Flux<LiveFrame> follow(ConversationId conversation, String lastEventId) {
        return followers.follow(conversation, lastEventId);
    }

    /** See {@link LiveFollowers#deliverAhead}. */
    void deliverAhead(ConversationId conversation, String previousId, LiveFrame frame) {
        followers.deliverAhead(conversation, previousId, frame);
    }

    @Override
    public void start() {}

    @Override
    public void stop() {
        followers.endAll();
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    /** Stops before the web server's graceful shutdown, which waits for open responses. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
