package dev.threadline.app.credential;

import dev.threadline.command.credential.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The development master key: 32 random bytes generated on first start into a file in the data directory, readable
 * by its owner only, and reused afterwards. Never for production.
 */
final class DevMasterKeyFile {

    private DevMasterKeyFile() {}

    static MasterKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the development master key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[MasterKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(key);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".master-key", ".tmp", ownerOnly());
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key));
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            // Another process on the same data directory created it first: use theirs.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static MasterKey read(Path file) throws IOException {
        try {
            return MasterKey.fromBase64(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The development master key file " + file + " is damaged ("
                    + e.getMessage() + "). Restore it, or delete it to start over: credentials sealed under it"
                    + " then become unreadable.");
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
