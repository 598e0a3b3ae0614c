package dev.threadline.events.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of entry in an assistant message's ordered timeline. A tool's result lives on its tool_call part. */
public enum PartType {
    @JsonProperty("text")
    TEXT,
    @JsonProperty("reasoning")
    REASONING,
    @JsonProperty("tool_call")
    TOOL_CALL
}
