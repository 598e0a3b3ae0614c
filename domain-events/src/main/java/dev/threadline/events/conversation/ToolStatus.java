package dev.threadline.events.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** State of a tool call part. */
public enum ToolStatus {
    @JsonProperty("in_progress")
    IN_PROGRESS,
    @JsonProperty("completed")
    COMPLETED,
    @JsonProperty("failed")
    FAILED
}
