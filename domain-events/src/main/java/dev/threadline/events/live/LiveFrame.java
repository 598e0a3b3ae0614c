package dev.threadline.events.live;

import java.util.Comparator;
import java.util.Objects;

/**
 * A display frame at its position in a conversation's live stream. The id has the form {@code millis-sequence}
 * (a Redis stream entry id); it is the SSE event id a reconnecting follower sends back as {@code Last-Event-ID}.
 * A signal about the feed itself (following unavailable, or back) has no id: it is not a position to resume from.
 */
public record LiveFrame(String id, TurnFrame frame) {

    /** Orders ids as the stream does: by milliseconds, then by sequence. */
    public static final Comparator<String> ID_ORDER =
            Comparator.comparingLong((String id) -> part(id, 0)).thenComparingLong(id -> part(id, 1));

    public LiveFrame {
        Objects.requireNonNull(frame, "frame");
    }

    /** A frame about the feed, not from the stream. */
    public static LiveFrame signal(TurnFrame frame) {
        return new LiveFrame(null, frame);
    }

    public boolean isSignal() {
        return id == null;
    }

    /** Whether {@code id} is a well-formed stream position. */
    public static boolean isValidId(String id) {
        return id != null && id.matches("\\d{1,19}-\\d{1,19}");
    }

    /** Whether this frame comes after position {@code otherId} (every stream frame comes after none). */
    public boolean isAfter(String otherId) {
        return id != null && (otherId == null || ID_ORDER.compare(id, otherId) > 0);
    }

    // Parsed in place: every follower compares every frame's position, so this runs once per frame per follower.
    private static long part(String id, int index) {
        int dash = id.indexOf('-');
        return index == 0
                ? Long.parseUnsignedLong(id, 0, dash, 10)
                : Long.parseUnsignedLong(id, dash + 1, id.length(), 10);
    }
}
