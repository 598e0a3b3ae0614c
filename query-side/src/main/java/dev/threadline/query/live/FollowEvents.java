package dev.threadline.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.live.LiveFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The follow feed's frames as server-sent events, written once however many people follow them. The bus hands the
 * same frame instance to every follower of a conversation, so the bytes of recent frames are kept by identity and
 * every follower writes those same bytes to its socket: no per-follower JSON, SSE formatting or encoding.
 */
final class FollowEvents {

    static final byte[] CONNECTED = comment("following");
    static final byte[] HEARTBEAT = comment("heartbeat");

    /** Slots for recent frames, by identity; a frame whose slot was taken since is written again, the same. */
    static final int SLOTS = 1024;

    private record Written(LiveFrame frame, byte[] bytes) {}

    private final ObjectMapper json;
    private final AtomicReferenceArray<Written> recent = new AtomicReferenceArray<>(SLOTS);

    FollowEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The frame as one SSE event: its position as the id (none for a signal), its type as the name, and its data as
     * JSON on one line (JSON escapes line breaks inside strings).
     */
    byte[] event(LiveFrame frame) {
        int slot = System.identityHashCode(frame) & (SLOTS - 1);
        Written known = recent.get(slot);
        if (known != null && known.frame() == frame) {
            return known.bytes();
        }
        byte[] bytes = write(frame);
        recent.set(slot, new Written(frame, bytes));
        return bytes;
    }

    private byte[] write(LiveFrame frame) {
        StringBuilder event = new StringBuilder(128);
        if (frame.id() != null) {
            event.append("id:").append(frame.id()).append('\n');
        }
        event.append("event:").append(frame.frame().type()).append('\n');
        try {
            event.append("data:")
                    .append(json.writeValueAsString(frame.frame().data()))
                    .append("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A live frame could not be written as JSON", e);
        }
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] comment(String text) {
        return (":" + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
