package dev.threadline.command.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.command.credential.CredentialEncryptionException.Reason;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String SECRET = "ghp_s3cr3tT0k3nValue";

    private final InMemoryDataKeyStore keys = new InMemoryDataKeyStore();
    private final MasterKey masterKey = CredentialFixtures.randomMasterKey();
    private final CredentialCipher cipher = new CredentialCipher(masterKey, keys);
    private final WorkspaceId workspaceA = WorkspaceId.random();
    private final WorkspaceId workspaceB = WorkspaceId.random();

    @Test
    void givenSealedSecret_whenOpened_thenTheSameValue() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);

        assertThat(cipher.open(workspaceA, sealed)).isEqualTo(SECRET);
    }

    @Test
    void givenUnicodeAndLargeValues_whenSealedAndOpened_thenRoundTrip() {
        for (String value : new String[] {"päßwörd 🔑 ключ", "x".repeat(CredentialNames.MAX_VALUE_LENGTH), " "}) {
            assertThat(cipher.open(workspaceA, cipher.seal(workspaceA, value))).isEqualTo(value);
        }
    }

    @Test
    void givenSealedSecret_thenItCarriesOnlyCiphertextUnderTheWorkspaceKey() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);

        byte[] blob = Base64.getDecoder().decode(sealed.ciphertext());
        assertThat(blob).hasSize(12 + SECRET.length() + 16);
        assertThat(sealed.toString()).doesNotContain(SECRET);
        assertThat(new String(blob, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(SECRET);
        assertThat(keys.findById(sealed.keyId())).get().satisfies(key -> {
            assertThat(key.workspaceId()).isEqualTo(workspaceA);
            assertThat(key.version()).isEqualTo(1);
            assertThat(key.masterKeyId()).isEqualTo(masterKey.id());
            assertThat(Base64.getDecoder().decode(key.wrappedKey())).hasSize(12 + 32 + 16);
        });
    }

    @Test
    void givenTheSamePlaintext_whenSealedRepeatedly_thenFreshNonceAndCiphertextEachTime() {
        Set<String> ciphertexts = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            SealedSecret sealed = cipher.seal(workspaceA, SECRET);
            ciphertexts.add(sealed.ciphertext());
            nonces.add(Base64.getEncoder()
                    .encodeToString(java.util.Arrays.copyOf(Base64.getDecoder().decode(sealed.ciphertext()), 12)));
            assertThat(cipher.open(workspaceA, sealed)).isEqualTo(SECRET);
        }
        assertThat(ciphertexts).hasSize(200);
        assertThat(nonces).hasSize(200);
    }

    @Test
    void givenOneWorkspace_whenSealedRepeatedly_thenOneDataKey_andEachWorkspaceHasItsOwn() {
        SealedSecret first = cipher.seal(workspaceA, SECRET);
        SealedSecret second = cipher.seal(workspaceA, "other");
        SealedSecret elsewhere = cipher.seal(workspaceB, SECRET);

        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(elsewhere.keyId()).isNotEqualTo(first.keyId());
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void givenTamperedCiphertext_whenOpened_thenTampered() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);
        byte[] blob = Base64.getDecoder().decode(sealed.ciphertext());

        for (int position : new int[] {0, 11, 12, blob.length - 17, blob.length - 1}) {
            byte[] altered = blob.clone();
            altered[position] ^= 0x01;
            SealedSecret tampered =
                    new SealedSecret(sealed.keyId(), Base64.getEncoder().encodeToString(altered));

            assertFails(() -> cipher.open(workspaceA, tampered), Reason.TAMPERED);
        }
    }

    @Test
    void givenTruncatedOrNonBase64Ciphertext_whenOpened_thenMalformed() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);

        assertFails(() -> cipher.open(workspaceA, new SealedSecret(sealed.keyId(), "not base64!")), Reason.MALFORMED);
        assertFails(
                () -> cipher.open(
                        workspaceA,
                        new SealedSecret(sealed.keyId(), Base64.getEncoder().encodeToString(new byte[27]))),
                Reason.MALFORMED);
        byte[] blob = Base64.getDecoder().decode(sealed.ciphertext());
        byte[] truncated = java.util.Arrays.copyOf(blob, blob.length - 1);
        assertFails(
                () -> cipher.open(
                        workspaceA,
                        new SealedSecret(sealed.keyId(), Base64.getEncoder().encodeToString(truncated))),
                Reason.TAMPERED);
    }

    @Test
    void givenSecretOfWorkspaceA_whenOpenedAsWorkspaceB_thenRefused() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);
        cipher.seal(workspaceB, "b's own secret");

        assertFails(() -> cipher.open(workspaceB, sealed), Reason.WRONG_WORKSPACE);
    }

    @Test
    void givenCiphertextMovedUnderAnotherWorkspacesKey_whenOpened_thenTampered() {
        SealedSecret ofA = cipher.seal(workspaceA, SECRET);
        SealedSecret ofB = cipher.seal(workspaceB, "b's own secret");

        // A's ciphertext relabelled with B's key id, opened as B: the AAD (workspace, key) no longer matches.
        assertFails(() -> cipher.open(workspaceB, new SealedSecret(ofB.keyId(), ofA.ciphertext())), Reason.TAMPERED);
    }

    @Test
    void givenWrappedKeyMovedToAnotherWorkspacesRecord_whenOpened_thenItDoesNotUnwrap() {
        SealedSecret ofA = cipher.seal(workspaceA, SECRET);
        SealedSecret ofB = cipher.seal(workspaceB, "b's own secret");
        WrappedDataKey keyOfA = keys.findById(ofA.keyId()).orElseThrow();
        WrappedDataKey keyOfB = keys.findById(ofB.keyId()).orElseThrow();

        // Someone with write access to the key store copies A's wrapped key into B's record.
        keys.put(new WrappedDataKey(
                keyOfB.keyId(), workspaceB, keyOfB.version(), keyOfB.masterKeyId(), keyOfA.wrappedKey()));

        assertFails(() -> cipher.open(workspaceB, ofB), Reason.MASTER_KEY_MISMATCH);
    }

    @Test
    void givenKeyRecordRelabelledToAnotherWorkspace_whenOpenedThere_thenItDoesNotUnwrap() {
        SealedSecret ofA = cipher.seal(workspaceA, SECRET);
        WrappedDataKey keyOfA = keys.findById(ofA.keyId()).orElseThrow();

        // The key record claims workspace B: the workspace check passes, the wrapping's associated data does not.
        keys.put(new WrappedDataKey(
                keyOfA.keyId(), workspaceB, keyOfA.version(), keyOfA.masterKeyId(), keyOfA.wrappedKey()));

        assertFails(() -> cipher.open(workspaceB, ofA), Reason.MASTER_KEY_MISMATCH);
    }

    @Test
    void givenAnotherMasterKey_whenOpened_thenMasterKeyMismatch() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);
        CredentialCipher otherMaster = new CredentialCipher(CredentialFixtures.randomMasterKey(), keys);

        assertFails(() -> otherMaster.open(workspaceA, sealed), Reason.MASTER_KEY_MISMATCH);
        assertFails(() -> otherMaster.seal(workspaceA, SECRET), Reason.MASTER_KEY_MISMATCH);
    }

    @Test
    void givenAnotherMasterKeyUnderTheSameId_whenOpened_thenItDoesNotUnwrap() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);
        WrappedDataKey key = keys.findById(sealed.keyId()).orElseThrow();
        MasterKey other = CredentialFixtures.randomMasterKey();
        keys.put(new WrappedDataKey(key.keyId(), key.workspaceId(), key.version(), other.id(), key.wrappedKey()));

        assertFails(() -> new CredentialCipher(other, keys).open(workspaceA, sealed), Reason.MASTER_KEY_MISMATCH);
    }

    @Test
    void givenShreddedWorkspace_whenOpened_thenKeyShredded_whileAnotherWorkspaceStillWorks() {
        SealedSecret ofA = cipher.seal(workspaceA, SECRET);
        SealedSecret ofB = cipher.seal(workspaceB, "b's own secret");

        assertThat(keys.shred(workspaceA)).isEqualTo(1);

        assertThatThrownBy(() -> cipher.open(workspaceA, ofA))
                .isInstanceOfSatisfying(CredentialEncryptionException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.KEY_SHREDDED))
                .hasMessageContaining("has been shredded")
                .hasMessageContaining(ofA.keyId());
        assertThat(cipher.open(workspaceB, ofB)).isEqualTo("b's own secret");
        assertThat(keys.shred(workspaceA)).isZero();
    }

    @Test
    void givenShreddedWorkspace_whenSealedAgain_thenANewKeyThatCannotReviveOldSecrets() {
        SealedSecret old = cipher.seal(workspaceA, SECRET);
        keys.shred(workspaceA);

        SealedSecret fresh = cipher.seal(workspaceA, "new");

        assertThat(fresh.keyId()).isNotEqualTo(old.keyId());
        assertThat(cipher.open(workspaceA, fresh)).isEqualTo("new");
        assertFails(() -> cipher.open(workspaceA, old), Reason.KEY_SHREDDED);
    }

    @Test
    void failuresNeverContainThePlaintext() {
        SealedSecret sealed = cipher.seal(workspaceA, SECRET);
        byte[] blob = Base64.getDecoder().decode(sealed.ciphertext());
        blob[20] ^= 1;

        assertThatThrownBy(() -> cipher.open(
                        workspaceA,
                        new SealedSecret(sealed.keyId(), Base64.getEncoder().encodeToString(blob))))
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(sealed.ciphertext());
        assertThatThrownBy(() -> cipher.open(workspaceB, sealed)).hasMessageNotContaining(SECRET);
    }

    private static void assertFails(Runnable action, Reason reason) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(CredentialEncryptionException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason));
    }
}
