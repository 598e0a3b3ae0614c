package dev.threadline.events.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who wrote a message. */
public enum Role {
    @JsonProperty("user")
    USER,
    @JsonProperty("assistant")
    ASSISTANT
}
