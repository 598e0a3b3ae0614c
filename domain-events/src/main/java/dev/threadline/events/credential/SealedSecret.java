package dev.threadline.events.credential;

import java.util.Objects;

/**
 * A secret as events carry it: AES-256-GCM ciphertext under one of its workspace's data keys, never the plaintext.
 *
 * @param keyId the data key it was sealed with; once that key is shredded, the secret is unreadable for good
 * @param ciphertext base64 of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)
 */
public record SealedSecret(String keyId, String ciphertext) {

    public SealedSecret {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
