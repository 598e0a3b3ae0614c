package dev.threadline.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.live.LiveFrame;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.codec.ServerSentEvent;

/**
 * The follow feed's frames as server-sent events, each built once however many people follow it: the bus hands the
 * same frame to every follower of a conversation, so the events of the most recent frames are kept and shared. Their
 * data is the frame's JSON, already written, so the SSE codec copies it out instead of serialising it per follower.
 */
final class FollowEvents {

    static final ServerSentEvent<String> CONNECTED = comment("following");
    static final ServerSentEvent<String> HEARTBEAT = comment("heartbeat");

    /** Enough for the frames in flight across many conversations at once; a frame pushed out is built again. */
    static final int REMEMBERED = 4096;

    private final ObjectMapper json;
    private final Map<LiveFrame, ServerSentEvent<String>> recent =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<LiveFrame, ServerSentEvent<String>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    FollowEvents(ObjectMapper json) {
        this.json = json;
    }

    /** The frame as an event: its position as the id (none for a signal), its type as the name, its data as JSON. */
    ServerSentEvent<String> event(LiveFrame frame) {
        ServerSentEvent<String> known = recent.get(frame);
        if (known != null) {
            return known;
        }
        ServerSentEvent<String> built = ServerSentEvent.builder(
                        toJson(frame.frame().data()))
                .id(frame.id())
                .event(frame.frame().type())
                .build();
        recent.put(frame, built);
        return built;
    }

    private String toJson(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A live frame could not be written as JSON", e);
        }
    }

    private static ServerSentEvent<String> comment(String text) {
        return ServerSentEvent.<String>builder().comment(text).build();
    }
}
