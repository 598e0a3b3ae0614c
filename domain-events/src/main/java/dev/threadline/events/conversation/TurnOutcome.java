package dev.threadline.events.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a turn ended. */
public enum TurnOutcome {
    @JsonProperty("completed")
    COMPLETED,
    /** Stopped early (client gone, provider error, crash); what was produced is kept. */
    @JsonProperty("interrupted")
    INTERRUPTED
}
