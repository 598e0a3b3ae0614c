package dev.threadline.command.credential;

import static dev.threadline.command.credential.CredentialEncryptionException.Reason.KEY_SHREDDED;
import static dev.threadline.command.credential.CredentialEncryptionException.Reason.MALFORMED;
import static dev.threadline.command.credential.CredentialEncryptionException.Reason.MASTER_KEY_MISMATCH;
import static dev.threadline.command.credential.CredentialEncryptionException.Reason.TAMPERED;
import static dev.threadline.command.credential.CredentialEncryptionException.Reason.WRONG_WORKSPACE;

import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.workspace.WorkspaceId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of credential values. A value is sealed with AES-256-GCM under its workspace's data key (a fresh
 * 96-bit random nonce each time, 128-bit tag), with the workspace id, key id and key version as associated data, so a
 * ciphertext opens only for the workspace it was sealed for. Data keys are random 256-bit keys, stored only wrapped
 * (AES-256-GCM again) by the {@link MasterKey}; shredding a workspace's keys makes its secrets unreadable for good.
 *
 * <p>Thread-safe. Holds no key material beyond the master key: every call reads the data key from the store, so a
 * shred on any node takes effect at once. Plaintext never appears in a log or an exception message.
 */
public final class CredentialCipher {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int FIRST_VERSION = 1;
    private static final String SECRET_CONTEXT = "threadline/credential/v1";
    private static final String DATA_KEY_CONTEXT = "threadline/data-key/v1";

    private final MasterKey masterKey;
    private final DataKeyStore keys;
    private final SecureRandom random;
    private final SecretKeySpec fingerprintKey;

    public CredentialCipher(MasterKey masterKey, DataKeyStore keys) {
        this(masterKey, keys, new SecureRandom());
    }

    CredentialCipher(MasterKey masterKey, DataKeyStore keys, SecureRandom random) {
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
        this.fingerprintKey = new SecretKeySpec(masterKey.derive("threadline env fingerprint v1"), "HmacSHA256");
    }

    /**
     * Seals a value for a workspace, creating the workspace's data key on first use.
     *
     * @throws CredentialEncryptionException when the workspace's data key cannot be unwrapped (wrong master key)
     */
    public SealedSecret seal(WorkspaceId workspaceId, String plaintext) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(plaintext, "plaintext");
        WrappedDataKey wrapped = keys.getOrCreate(workspaceId, () -> newDataKey(workspaceId));
        if (!wrapped.workspaceId().equals(workspaceId)) {
            throw new CredentialEncryptionException(
                    WRONG_WORKSPACE, "The key store answered data key '" + wrapped.keyId() + "' of another workspace");
        }
        SecretKey dataKey = unwrap(wrapped);
        byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, dataKey, nonce, secretAad(wrapped), plain);
            return new SealedSecret(wrapped.keyId(), Base64.getEncoder().encodeToString(concat(nonce, sealed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Opens a value sealed for this workspace.
     *
     * @throws CredentialEncryptionException when the key was shredded, the secret belongs to another workspace, the
     *     master key differs, or the ciphertext was altered or is malformed (see its {@code reason()})
     */
    public String open(WorkspaceId workspaceId, SealedSecret secret) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(secret, "secret");
        byte[] blob = decode(secret.ciphertext(), "The sealed secret of data key '" + secret.keyId() + "'");
        WrappedDataKey wrapped = keys.findById(secret.keyId())
                .orElseThrow(() -> new CredentialEncryptionException(
                        KEY_SHREDDED,
                        "Data key '" + secret.keyId() + "' has been shredded (or never existed); the secret can no"
                                + " longer be decrypted"));
        if (!wrapped.workspaceId().equals(workspaceId)) {
            throw new CredentialEncryptionException(
                    WRONG_WORKSPACE,
                    "The secret was sealed with data key '" + secret.keyId() + "', which does not belong to workspace "
                            + workspaceId);
        }
        SecretKey dataKey = unwrap(wrapped);
        byte[] plain = null;
        try {
            plain = gcm(
                    Cipher.DECRYPT_MODE,
                    dataKey,
                    Arrays.copyOf(blob, NONCE_BYTES),
                    secretAad(wrapped),
                    Arrays.copyOfRange(blob, NONCE_BYTES, blob.length));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new CredentialEncryptionException(
                    TAMPERED,
                    "The secret sealed with data key '" + secret.keyId() + "' failed authentication: it was altered,"
                            + " or sealed for another workspace or key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * A fingerprint of an environment: HMAC-SHA256, under a key derived from the master key, over its name/value pairs
     * sorted by name (so insertion order does not matter), as 64 hex digits. Equal environments give equal
     * fingerprints; adding, removing or changing any pair changes it. Keyed, so the fingerprint of short secret values
     * cannot be guessed offline; still, keep it out of events and logs.
     */
    public String envFingerprint(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            for (Map.Entry<String, String> pair : new TreeMap<>(env).entrySet()) {
                updateLengthPrefixed(mac, Objects.requireNonNull(pair.getKey(), "name"));
                updateLengthPrefixed(mac, Objects.requireNonNull(pair.getValue(), "value"));
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private WrappedDataKey newDataKey(WorkspaceId workspaceId) {
        String keyId = UUID.randomUUID().toString();
        byte[] dataKey = new byte[KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] aad = dataKeyAad(workspaceId, keyId, FIRST_VERSION);
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, masterKey.secretKey(), nonce, aad, dataKey);
            return new WrappedDataKey(
                    keyId,
                    workspaceId,
                    FIRST_VERSION,
                    masterKey.id(),
                    Base64.getEncoder().encodeToString(concat(nonce, sealed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrapping failed", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private SecretKey unwrap(WrappedDataKey wrapped) {
        if (!wrapped.masterKeyId().equals(masterKey.id())) {
            throw new CredentialEncryptionException(
                    MASTER_KEY_MISMATCH,
                    "Data key '" + wrapped.keyId() + "' was wrapped by master key " + wrapped.masterKeyId()
                            + ", but the configured master key is " + masterKey.id());
        }
        byte[] blob = decode(wrapped.wrappedKey(), "Data key '" + wrapped.keyId() + "'");
        byte[] dataKey = null;
        try {
            dataKey = gcm(
                    Cipher.DECRYPT_MODE,
                    masterKey.secretKey(),
                    Arrays.copyOf(blob, NONCE_BYTES),
                    dataKeyAad(wrapped.workspaceId(), wrapped.keyId(), wrapped.version()),
                    Arrays.copyOfRange(blob, NONCE_BYTES, blob.length));
            if (dataKey.length != KEY_BYTES) {
                throw new CredentialEncryptionException(
                        MALFORMED, "Data key '" + wrapped.keyId() + "' does not unwrap to a 256-bit key");
            }
            return new SecretKeySpec(dataKey, "AES");
        } catch (AEADBadTagException e) {
            throw new CredentialEncryptionException(
                    MASTER_KEY_MISMATCH,
                    "Data key '" + wrapped.keyId() + "' cannot be unwrapped with master key " + masterKey.id()
                            + ": its record was altered or it was wrapped by another key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key unwrapping failed", e);
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    private static byte[] decode(String base64, String what) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CredentialEncryptionException(MALFORMED, what + " is not valid base64");
        }
        if (blob.length < NONCE_BYTES + TAG_BYTES) {
            throw new CredentialEncryptionException(MALFORMED, what + " is too short to be nonce ‖ ciphertext ‖ tag");
        }
        return blob;
    }

    private static byte[] secretAad(WrappedDataKey key) {
        return aad(SECRET_CONTEXT, key.workspaceId().value(), key.keyId(), key.version());
    }

    private static byte[] dataKeyAad(WorkspaceId workspaceId, String keyId, int version) {
        return aad(DATA_KEY_CONTEXT, workspaceId.value(), keyId, version);
    }

    /** Context, workspace id, key id (each length-prefixed UTF-8) and key version: unambiguous by construction. */
    private static byte[] aad(String context, String workspaceId, String keyId, int version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String field : new String[] {context, workspaceId, keyId}) {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            out.writeInt(version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void updateLengthPrefixed(Mac mac, String field) {
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
        mac.update(utf8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
