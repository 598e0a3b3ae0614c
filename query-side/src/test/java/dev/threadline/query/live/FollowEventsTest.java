package dev.threadline.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowEventsTest {

    private final FollowEvents events = new FollowEvents(new ObjectMapper());

    @Test
    void aFrameIsAnEventWithItsPositionTypeAndDataAsJsonOnOneLine() {
        LiveFrame token = new LiveFrame("1700000000000-7", TurnFrame.of("token", "content", "two\nlines \"quoted\""));

        assertThat(text(events.event(token)))
                .isEqualTo("id:1700000000000-7\nevent:token\ndata:{\"content\":\"two\\nlines \\\"quoted\\\"\"}\n\n");
    }

    @Test
    void aSignalHasNoPositionToResumeFrom() {
        LiveFrame unavailable = LiveFrame.signal(TurnFrame.of("status", "follow", "unavailable"));

        assertThat(text(events.event(unavailable))).isEqualTo("event:status\ndata:{\"follow\":\"unavailable\"}\n\n");
    }

    @Test
    void nestedDataAndNonAsciiTextAreWrittenAsUtf8Json() {
        LiveFrame done = new LiveFrame("5-0", TurnFrame.of("done", "message", Map.of("title", "Grüße ✓")));

        assertThat(text(events.event(done)))
                .isEqualTo("id:5-0\nevent:done\ndata:{\"message\":{\"title\":\"Grüße ✓\"}}\n\n");
    }

    @Test
    void everyFollowerOfAFrameWritesTheSameBytes() {
        LiveFrame token = new LiveFrame("9-1", TurnFrame.of("token", "content", "hi"));

        assertThat(events.event(token)).isSameAs(events.event(token));
        assertThat(events.event(new LiveFrame("9-1", TurnFrame.of("token", "content", "hi"))))
                .isEqualTo(events.event(token));
    }

    @Test
    void framesPushedOutOfTheirSlotAreWrittenAgainTheSame() {
        LiveFrame first = new LiveFrame("1-0", TurnFrame.of("token", "content", "first"));
        byte[] before = events.event(first);
        for (int i = 1; i <= 4 * FollowEvents.SLOTS; i++) {
            events.event(new LiveFrame("2-" + i, TurnFrame.of("token", "content", "x")));
        }

        assertThat(events.event(first)).isEqualTo(before);
    }

    @Test
    void commentsKeepTheConnectionOpenWithoutBeingEvents() {
        assertThat(text(FollowEvents.CONNECTED)).isEqualTo(":following\n\n");
        assertThat(text(FollowEvents.HEARTBEAT)).isEqualTo(":heartbeat\n\n");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
