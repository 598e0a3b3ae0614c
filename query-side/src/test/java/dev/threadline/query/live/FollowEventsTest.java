package dev.threadline.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.live.LiveFrame;
import dev.threadline.events.live.TurnFrame;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

class FollowEventsTest {

    private final FollowEvents events = new FollowEvents(new ObjectMapper());

    @Test
    void aFrameIsAnEventWithItsPositionTypeAndDataAsJsonOnOneLine() {
        LiveFrame token = new LiveFrame("1700000000000-7", TurnFrame.of("token", "content", "two\nlines \"quoted\""));

        ServerSentEvent<String> event = events.event(token);

        assertThat(event.id()).isEqualTo("1700000000000-7");
        assertThat(event.event()).isEqualTo("token");
        assertThat(event.data()).isEqualTo("{\"content\":\"two\\nlines \\\"quoted\\\"\"}");
    }

    @Test
    void aSignalHasNoPositionToResumeFrom() {
        ServerSentEvent<String> event = events.event(LiveFrame.signal(TurnFrame.of("status", "follow", "unavailable")));

        assertThat(event.id()).isNull();
        assertThat(event.event()).isEqualTo("status");
        assertThat(event.data()).isEqualTo("{\"follow\":\"unavailable\"}");
    }

    @Test
    void nestedDataIsWrittenAsJson() {
        LiveFrame done = new LiveFrame("5-0", TurnFrame.of("done", "message", Map.of("position", 3)));

        assertThat(events.event(done).data()).isEqualTo("{\"message\":{\"position\":3}}");
    }

    @Test
    void everyFollowerOfAFrameGetsTheSameEvent() {
        LiveFrame token = new LiveFrame("9-1", TurnFrame.of("token", "content", "hi"));

        assertThat(events.event(token)).isSameAs(events.event(token));
        assertThat(events.event(new LiveFrame("9-1", TurnFrame.of("token", "content", "hi"))))
                .isSameAs(events.event(token));
    }

    @Test
    void framesPushedOutOfMemoryAreBuiltAgainTheSame() {
        LiveFrame first = new LiveFrame("1-0", TurnFrame.of("token", "content", "first"));
        ServerSentEvent<String> before = events.event(first);
        for (int i = 1; i <= FollowEvents.REMEMBERED; i++) {
            events.event(new LiveFrame("2-" + i, TurnFrame.of("token", "content", "x")));
        }

        ServerSentEvent<String> after = events.event(first);
        assertThat(after).isNotSameAs(before);
        assertThat(after.data()).isEqualTo(before.data());
        assertThat(after.id()).isEqualTo(before.id());
    }

    @Test
    void commentsKeepTheConnectionOpenWithoutBeingEvents() {
        assertThat(FollowEvents.CONNECTED.comment()).isEqualTo("following");
        assertThat(FollowEvents.HEARTBEAT.comment()).isEqualTo("heartbeat");
        assertThat(FollowEvents.HEARTBEAT.event()).isNull();
    }
}
