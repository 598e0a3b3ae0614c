package dev.threadline.app.credential;

import dev.threadline.app.store.DevSecretFile;
import dev.threadline.command.credential.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The development master key: 32 random bytes generated on first start into a file in the data directory, readable
 * by its owner only, and reused afterwards. Never for production.
 */
final class DevMasterKeyFile {

    private DevMasterKeyFile() {}

    static MasterKey loadOrCreate(Path file) {
        String text;
        try {
            text = DevSecretFile.loadOrCreate(file, MasterKey.LENGTH_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the development master key file " + file, e);
        }
        try {
            return MasterKey.fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The development master key file " + file + " is damaged ("
                    + e.getMessage() + "). Restore it, or delete it to start over: credentials sealed under it"
                    + " then become unreadable.");
        }
    }
}
