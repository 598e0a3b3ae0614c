package dev.threadline.events.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a Turn; serialised as its raw value. */
public record TurnId(@JsonValue String value) {

    @JsonCreator
    public TurnId {
        Objects.requireNonNull(value, "value");
    }

    public static TurnId random() {
        return new TurnId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
