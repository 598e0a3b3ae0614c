package dev.threadline.events.harness;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a Harness; serialised as its raw value. */
public record HarnessId(@JsonValue String value) {

    @JsonCreator
    public HarnessId {
        Objects.requireNonNull(value, "value");
    }

    public static HarnessId random() {
        return new HarnessId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
