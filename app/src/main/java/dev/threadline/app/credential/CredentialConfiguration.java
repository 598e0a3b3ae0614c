package dev.threadline.app.credential;

import com.mongodb.client.MongoClient;
import dev.threadline.command.credential.CredentialCipher;
import dev.threadline.command.credential.CredentialResolver;
import dev.threadline.command.credential.DataKeyStore;
import dev.threadline.command.credential.MasterKey;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Credential encryption (ADR 7): the master key from {@code THREADLINE_MASTER_KEY}, or a generated development key
 * file when it is unset; data keys in the store's {@value MongoDataKeyStore#COLLECTION} collection. The master key is
 * not a bean: only the cipher holds it.
 */
@Configuration(proxyBeanMethods = false)
class CredentialConfiguration {

    static final String DEV_KEY_FILE = "dev-master.key";

    private static final Logger log = LoggerFactory.getLogger(CredentialConfiguration.class);

    @Bean
    DataKeyStore dataKeyStore(MongoClient client, MongoConnectionDetails connection) {
        String database = connection.getConnectionString().getDatabase();
        MongoDataKeyStore store = new MongoDataKeyStore(client.getDatabase(database == null ? "threadline" : database));
        store.ensureIndexes();
        return store;
    }

    @Bean
    CredentialCipher credentialCipher(
            @Value("${threadline.credentials.master-key:}") String configuredKey,
            @Value("${threadline.data-dir}") Path dataDirectory,
            DataKeyStore dataKeys) {
        return new CredentialCipher(masterKey(configuredKey, dataDirectory), dataKeys);
    }

    @Bean
    CredentialResolver credentialResolver(CredentialCipher cipher) {
        return new CredentialResolver(cipher);
    }

    /** The configured master key, or the development key file's; a configured key that is not valid stops start-up. */
    static MasterKey masterKey(String configuredKey, Path dataDirectory) {
        if (configuredKey == null || configuredKey.isBlank()) {
            Path file = dataDirectory.resolve(DEV_KEY_FILE).toAbsolutePath();
            MasterKey key = DevMasterKeyFile.loadOrCreate(file);
            log.warn(
                    "DEVELOPMENT CREDENTIAL KEY: workspace credentials are encrypted under a development master key"
                            + " (id {}) kept in {}. Anyone who can read that file can decrypt them; losing it makes"
                            + " them unreadable. Set THREADLINE_MASTER_KEY (base64 of 32 random bytes, e.g."
                            + " `openssl rand -base64 32`) for production.",
                    key.id(),
                    file);
            return key;
        }
        try {
            MasterKey key = MasterKey.fromBase64(configuredKey);
            log.info("Credential encryption: master key {} from THREADLINE_MASTER_KEY", key.id());
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "THREADLINE_MASTER_KEY (threadline.credentials.master-key) is not usable: " + e.getMessage());
        }
    }
}
