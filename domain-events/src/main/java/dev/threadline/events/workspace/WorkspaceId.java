package dev.threadline.events.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a Workspace; serialised as its raw value. */
public record WorkspaceId(@JsonValue String value) {

    @JsonCreator
    public WorkspaceId {
        Objects.requireNonNull(value, "value");
    }

    public static WorkspaceId random() {
        return new WorkspaceId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
