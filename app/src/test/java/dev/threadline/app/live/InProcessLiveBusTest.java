package dev.threadline.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.app.MutableClock;
import dev.threadline.events.conversation.ConversationId;
import dev.threadline.events.live.LiveBus;
import dev.threadline.events.live.LiveFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessLiveBusTest extends LiveBusContract {

    @Override
    LiveBus bus(int maxFrames) {
        return new InProcessLiveBus(maxFrames, Duration.ofHours(6), Clock.systemUTC());
    }

    @Test
    void trimmingKeepsTheNewestFramesAndTheReplayIsStillLedByTurnStart() {
        InProcessLiveBus bus = new InProcessLiveBus(3, Duration.ofHours(6), Clock.systemUTC());
        ConversationId conversation = ConversationId.random();
        turn(bus, conversation, "long", 15, false);

        List<LiveFrame> replay =
                bus.follow(conversation, null).take(4).collectList().block(WAIT);

        assertThat(types(replay)).containsExactly("turn_start", "token", "token", "token");
        assertThat(replay.get(0).frame().data()).isEmpty(); // the real one was trimmed away
        assertThat(contents(replay)).containsExactly("long:12", "long:13", "long:14");
    }

    @Test
    void idleStreamsAreForgottenButALiveTurnIsKept() {
        MutableClock clock = new MutableClock();
        InProcessLiveBus bus = new InProcessLiveBus(4000, Duration.ofHours(6), clock);
        ConversationId finished = ConversationId.random();
        ConversationId running = ConversationId.random();
        turn(bus, finished, "done", 2, true);
        turn(bus, running, "live", 2, false);

        clock.now = clock.now.plus(Duration.ofHours(7));
        bus.forgetIdle();

        assertThat(bus.range(finished, "0-0", true).collectList().block()).isEmpty();
        List<LiveFrame> kept = bus.range(running, "0-0", true).collectList().block();
        assertThat(contents(kept)).containsExactly("live:0", "live:1");
    }
}
