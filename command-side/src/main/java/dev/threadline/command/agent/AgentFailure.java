package dev.threadline.command.agent;

/** A turn could not go on (provider HTTP error, broken stream). The message is shown to the user and saved. */
public class AgentFailure extends RuntimeException {

    public AgentFailure(String message) {
        super(message);
    }

    public AgentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
