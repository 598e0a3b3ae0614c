package dev.threadline.events.live;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One display event of a running turn, as sent over SSE: its {@code type} ({@code turn_start}, {@code thinking},
 * {@code token}, {@code tool_call}, {@code tool_result}, {@code done}, {@code error}) and a JSON object of data.
 * Null values are left out of the data.
 */
public record TurnFrame(String type, Map<String, Object> data) {

    public TurnFrame {
        Objects.requireNonNull(type, "type");
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((key, value) -> {
                if (value != null) {
                    copy.put(key, value);
                }
            });
        }
        data = Collections.unmodifiableMap(copy);
    }

    /** A frame from alternating keys and values; null values are dropped. */
    public static TurnFrame of(String type, Object... keysAndValues) {
        LinkedHashMap<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new TurnFrame(type, data);
    }
}
