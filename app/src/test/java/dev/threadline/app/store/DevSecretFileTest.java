package dev.threadline.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSecretFileTest {

    @TempDir
    Path data;

    @Test
    void aSecretIsCreatedOnceReadableByItsOwnerOnlyAndReadBackAfterwards() throws Exception {
        Path file = data.resolve("nested").resolve("dev-jwt.secret");

        String created = DevSecretFile.loadOrCreate(file, 32);
        String again = DevSecretFile.loadOrCreate(file, 32);

        assertThat(Base64.getDecoder().decode(created)).hasSize(32);
        assertThat(again).isEqualTo(created);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void aSecretOthersCouldReadIsMadeItsOwnersOnly() throws Exception {
        Path file = data.resolve("dev-jwt.secret");
        Files.writeString(file, "c2VjcmV0");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(DevSecretFile.loadOrCreate(file, 32)).isEqualTo("c2VjcmV0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
