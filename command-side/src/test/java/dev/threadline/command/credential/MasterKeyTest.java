package dev.threadline.command.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MasterKeyTest {

    @Test
    void givenBase64Of32Bytes_whenParsed_thenAcceptedWithAStableId() {
        String encoded = CredentialFixtures.randomMasterKeyBase64();

        MasterKey key = MasterKey.fromBase64(encoded);

        assertThat(key.id()).matches("[0-9a-f]{16}");
        assertThat(MasterKey.fromBase64("  " + encoded + "\n").id()).isEqualTo(key.id());
        assertThat(CredentialFixtures.randomMasterKey().id()).isNotEqualTo(key.id());
    }

    @Test
    void givenUrlSafeBase64_whenParsed_thenTheSameKey() {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) 0xfb; // encodes to '+'/'-' in the first character pair
        bytes[1] = (byte) 0xff;
        MasterKey standard = MasterKey.fromBase64(Base64.getEncoder().encodeToString(bytes));
        MasterKey urlSafe = MasterKey.fromBase64(Base64.getUrlEncoder().encodeToString(bytes));

        assertThat(urlSafe.id()).isEqualTo(standard.id());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void givenNoKey_whenParsed_thenClearError(String encoded) {
        assertThatThrownBy(() -> MasterKey.fromBase64(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The master key is empty; expected base64 of 32 random bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!", "c2VjcmV0*", "%%%%", "abc=def"})
    void givenBadBase64_whenParsed_thenClearErrorWithoutTheInput(String encoded) {
        assertThatThrownBy(() -> MasterKey.fromBase64(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The master key is not valid base64")
                .hasMessageNotContaining(encoded);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 24, 31, 33, 64})
    void givenWrongLength_whenParsed_thenClearError(int length) {
        String encoded = Base64.getEncoder().encodeToString(new byte[length]);

        assertThatThrownBy(() -> MasterKey.fromBase64(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The master key decodes to " + length + " bytes; it must be exactly 32 bytes")
                .hasMessageNotContaining(encoded);
    }

    @Test
    void givenKey_whenPrinted_thenOnlyItsId() {
        String encoded = CredentialFixtures.randomMasterKeyBase64();
        MasterKey key = MasterKey.fromBase64(encoded);

        assertThat(key.toString()).isEqualTo("MasterKey[id=" + key.id() + "]").doesNotContain(encoded);
    }
}
