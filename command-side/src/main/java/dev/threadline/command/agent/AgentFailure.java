package dev.threadline.command.agent;

/**
 * A turn could not go on (provider HTTP error, broken stream). The message is shown to the user; the saved reason,
 * kept with the interrupted message, is the same or says more.
 */
public class AgentFailure extends RuntimeException {

    private final String savedReason;

    public AgentFailure(String message) {
        this(message, message, null);
    }

    public AgentFailure(String message, Throwable cause) {
        this(message, message, cause);
    }

    private AgentFailure(String message, String savedReason, Throwable cause) {
        super(message, cause);
        this.savedReason = savedReason;
    }

    /** A failure whose reason saved with the message says more than the user is shown. */
    public static AgentFailure explained(String message, String savedReason) {
        return new AgentFailure(message, savedReason, null);
    }

    public String savedReason() {
        return savedReason;
    }
}
