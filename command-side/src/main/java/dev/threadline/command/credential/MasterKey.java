package dev.threadline.command.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every workspace data key: 256 bits, given as base64 ({@code THREADLINE_MASTER_KEY}). Its
 * {@link #id()} is a short one-way fingerprint, safe to log and stored next to each wrapped key so that a wrong master
 * key is reported as such. Neither {@link #toString()} nor any message shows the key.
 */
public final class MasterKey {

    public static final int LENGTH_BYTES = 32;

    private final SecretKey key;
    private final String id;

    private MasterKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = HexFormat.of().formatHex(Arrays.copyOf(derive(bytes, "threadline master key id"), 8));
    }

    /**
     * Parses base64 (standard or URL-safe alphabet, surrounding whitespace ignored) of exactly
     * {@value #LENGTH_BYTES} bytes.
     *
     * @throws IllegalArgumentException saying what is wrong, never quoting the input
     */
    public static MasterKey fromBase64(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("The master key is empty; expected base64 of 32 random bytes");
        }
        String trimmed = encoded.strip();
        byte[] bytes;
        try {
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "The master key is not valid base64; expected base64 of 32 random bytes (e.g. openssl rand"
                            + " -base64 32)");
        }
        if (bytes.length != LENGTH_BYTES) {
            int length = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalArgumentException("The master key decodes to " + length
                    + " bytes; it must be exactly 32 bytes (256 bits), e.g. openssl rand -base64 32");
        }
        try {
            return new MasterKey(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A short fingerprint of the key (16 hex digits), safe to log and to store. */
    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    /** A sub-key for one purpose: HMAC-SHA256(master key, purpose). */
    byte[] derive(String purpose) {
        return derive(key.getEncoded(), purpose);
    }

    private static byte[] derive(byte[] keyBytes, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
