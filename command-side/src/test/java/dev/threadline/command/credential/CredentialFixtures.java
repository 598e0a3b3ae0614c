package dev.threadline.command.credential;

import java.security.SecureRandom;
import java.util.Base64;
import org.axonframework.modelling.command.Repository;

/** Keys and ciphers for credential tests. */
public final class CredentialFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialFixtures() {}

    /** A fresh random master key. */
    public static MasterKey randomMasterKey() {
        return MasterKey.fromBase64(randomMasterKeyBase64());
    }

    public static String randomMasterKeyBase64() {
        byte[] key = new byte[MasterKey.LENGTH_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A cipher with a random master key over an in-memory key store. */
    public static CredentialCipher inMemoryCipher() {
        return new CredentialCipher(randomMasterKey(), new InMemoryDataKeyStore());
    }

    /** A vault over the credentials aggregates of {@code repository}, with an in-memory key store. */
    public static CredentialVault inMemoryVault(Repository<Credentials> repository) {
        DataKeyStore keys = new InMemoryDataKeyStore();
        CredentialCipher cipher = new CredentialCipher(randomMasterKey(), keys);
        return new CredentialVault(repository, cipher, new CredentialResolver(cipher), keys);
    }
}
