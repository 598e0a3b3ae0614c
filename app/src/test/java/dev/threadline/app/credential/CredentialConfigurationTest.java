package dev.threadline.app.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import dev.threadline.app.InJvmMongo;
import dev.threadline.command.credential.CredentialCipher;
import dev.threadline.command.credential.CredentialResolver;
import dev.threadline.command.credential.MasterKey;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.workspace.WorkspaceId;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CredentialConfigurationTest {

    private static InJvmMongo mongo;
    private static MongoClient client;
    private static String uri;

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void startServer() {
        mongo = new InJvmMongo();
        uri = mongo.uri() + "/threadline";
        client = mongo.client();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @Test
    void givenConfiguredKey_thenItIsUsedAndNoDevFileIsWritten() {
        String encoded = randomKeyBase64();

        MasterKey key = CredentialConfiguration.masterKey(encoded, dataDirectory);

        assertThat(key.id()).isEqualTo(MasterKey.fromBase64(encoded).id());
        assertThat(dataDirectory.resolve(CredentialConfiguration.DEV_KEY_FILE)).doesNotExist();
    }

    @Test
    void givenConfiguredKeyThatIsNotBase64_thenAClearStartupErrorWithoutTheValue() {
        assertThatThrownBy(() -> CredentialConfiguration.masterKey("this is not base64!", dataDirectory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("THREADLINE_MASTER_KEY (threadline.credentials.master-key) is not usable: The"
                        + " master key is not valid base64")
                .hasMessageNotContaining("this is not base64!");
    }

    @Test
    void givenConfiguredKeyOfTheWrongLength_thenAClearStartupError() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> CredentialConfiguration.masterKey(sixteenBytes, dataDirectory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("THREADLINE_MASTER_KEY")
                .hasMessageContaining("decodes to 16 bytes; it must be exactly 32 bytes")
                .hasMessageNotContaining(sixteenBytes);
    }

    @Test
    void givenNoConfiguredKey_thenADevKeyFileIsCreatedOnceAndReused() throws Exception {
        MasterKey first = CredentialConfiguration.masterKey("", dataDirectory.resolve("nested"));
        Path file = dataDirectory.resolve("nested").resolve(CredentialConfiguration.DEV_KEY_FILE);
        String contents = Files.readString(file);

        MasterKey second = CredentialConfiguration.masterKey("  ", dataDirectory.resolve("nested"));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(Files.readString(file)).isEqualTo(contents);
        assertThat(Base64.getDecoder().decode(contents)).hasSize(32);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void givenNoConfiguredKey_thenTheDevKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));

        CredentialConfiguration.masterKey(null, dataDirectory);

        assertThat(Files.getPosixFilePermissions(dataDirectory.resolve(CredentialConfiguration.DEV_KEY_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void givenDamagedDevKeyFile_thenAClearStartupError() throws Exception {
        Files.writeString(dataDirectory.resolve(CredentialConfiguration.DEV_KEY_FILE), "garbage!");

        assertThatThrownBy(() -> CredentialConfiguration.masterKey("", dataDirectory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("development master key file")
                .hasMessageContaining("is damaged")
                .hasMessageNotContaining("garbage!");
    }

    @Test
    void givenTheApplicationContext_thenTheCipherAndResolverWorkOverTheStore() {
        contextRunner()
                .withPropertyValues("threadline.credentials.master-key=" + randomKeyBase64())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MasterKey.class);
                    CredentialCipher cipher = context.getBean(CredentialCipher.class);
                    WorkspaceId workspace = WorkspaceId.random();
                    SealedSecret sealed = cipher.seal(workspace, "ghp_value");

                    assertThat(context.getBean(CredentialResolver.class)
                                    .resolve(workspace, java.util.List.of(new CredentialResolver.Row("GH", sealed))))
                            .isEqualTo(Map.of("GH", "ghp_value"));
                    assertThat(client.getDatabase("threadline")
                                    .getCollection(MongoDataKeyStore.COLLECTION)
                                    .countDocuments())
                            .isPositive();
                });
    }

    @Test
    void givenAnUnusableMasterKeyProperty_thenTheContextFailsToStartWithTheReason() {
        contextRunner()
                .withPropertyValues("threadline.credentials.master-key=AAAA")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("THREADLINE_MASTER_KEY")
                        .hasMessageContaining("decodes to 3 bytes"));
    }

    private ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(CredentialConfiguration.class)
                .withPropertyValues("threadline.data-dir=" + dataDirectory)
                .withBean(MongoClient.class, () -> client, definition -> definition.setDestroyMethodName(""))
                .withBean(MongoConnectionDetails.class, () -> () -> new ConnectionString(uri));
    }

    private static String randomKeyBase64() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
