package dev.threadline.app.live;

import org.springframework.context.SmartLifecycle;

/**
 * A bus whose follow streams end when the node stops. They never end by themselves, so a graceful shutdown would
 * otherwise wait its whole timeout for them; this runs before the web server's graceful shutdown.
 */
interface FollowStreams extends SmartLifecycle {

    void endFollowStreams();

    @Override
    default void start() {}

    @Override
    default void stop() {
        endFollowStreams();
    }

    @Override
    default boolean isRunning() {
        return true;
    }

    /** Stops before the web server's graceful shutdown, which waits for open responses. */
    @Override
    default int getPhase() {
        return Integer.MAX_VALUE;
    }
}
