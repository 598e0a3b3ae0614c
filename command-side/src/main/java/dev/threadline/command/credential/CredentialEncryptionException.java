package dev.threadline.command.credential;

/**
 * A secret could not be sealed or opened. The message names key ids and workspaces at most; it never contains a
 * plaintext, a key or a ciphertext.
 */
public class CredentialEncryptionException extends RuntimeException {

    public enum Reason {
        /** The data key no longer exists: its workspace's keys were shredded (or the id was never issued). */
        KEY_SHREDDED,
        /** The secret was sealed for another workspace than the one it is being opened for. */
        WRONG_WORKSPACE,
        /** The data key was wrapped by another master key than the configured one, or its record was altered. */
        MASTER_KEY_MISMATCH,
        /** The ciphertext failed authentication: it was altered, or moved from another key or workspace. */
        TAMPERED,
        /** The ciphertext is not base64 of nonce ‖ ciphertext ‖ tag. */
        MALFORMED
    }

    private final Reason reason;

    CredentialEncryptionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
