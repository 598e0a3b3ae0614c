package dev.threadline.app.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A development secret kept in the data directory: random bytes generated on first start, written readable by its
 * owner only, and read back afterwards. Never for production.
 */
public final class DevSecretFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DevSecretFile() {}

    /**
     * The secret's base64 text, creating the file with {@code length} random bytes if it does not exist. A file that
     * others may read (written by an older build) is made its owner's only.
     */
    public static String loadOrCreate(Path file, int length) throws IOException {
        if (!Files.exists(file)) {
            create(file, length);
        } else if (posix()) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
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
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
