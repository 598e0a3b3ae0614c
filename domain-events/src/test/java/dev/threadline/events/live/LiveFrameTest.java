package dev.threadline.events.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveFrameTest {

    private static final TurnFrame TOKEN = TurnFrame.of("token", "content", "a");

    @Test
    void positionsOrderByMillisecondsThenSequenceNotAsText() {
        assertThat(new LiveFrame("10-0", TOKEN).isAfter("9-5")).isTrue();
        assertThat(new LiveFrame("10-10", TOKEN).isAfter("10-9")).isTrue();
        assertThat(new LiveFrame("10-1", TOKEN).isAfter("10-1")).isFalse();
        assertThat(new LiveFrame("1-0", TOKEN).isAfter(null)).isTrue();
    }

    @Test
    void signalsHaveNoPositionAndComeAfterNothing() {
        LiveFrame signal = LiveFrame.signal(TurnFrame.of("status"));

        assertThat(signal.isSignal()).isTrue();
        assertThat(signal.isAfter(null)).isFalse();
    }

    @Test
    void onlyStreamPositionsAreValidIds() {
        assertThat(LiveFrame.isValidId("1700000000000-3")).isTrue();
        assertThat(LiveFrame.isValidId("yesterday")).isFalse();
        assertThat(LiveFrame.isValidId("12")).isFalse();
        assertThat(LiveFrame.isValidId(null)).isFalse();
    }
}
