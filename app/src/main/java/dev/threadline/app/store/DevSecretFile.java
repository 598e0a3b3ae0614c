package dev.threadline.app.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A development secret kept in the data directory: random bytes generated on first start, written readable by its
 * owner only, and read back afterwards. Never for production.
 */
public final class DevSecretFile {

    private DevSecretFile() {}

    /** The secret's base64 text, creating the file with {@code length} random bytes if it does not exist. */
    public static String loadOrCreate(Path file, int length) throws IOException {
        if (!Files.exists(file)) {
            create(file, length);
        }
        return Files.readString(file).strip();
    }

    private static void create(Path file, int length) throws IOException {
        byte[] secret = new byte[length];
        new SecureRandom().nextBytes(secret);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", ownerOnly());
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(secret));
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            // Another process on the same data directory created it first: use theirs.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            };
        }
        return new FileAttribute<?>[0];
    }
}
