package dev.threadline.app.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.threadline.app.InJvmMongo;
import dev.threadline.command.credential.CredentialCipher;
import dev.threadline.command.credential.CredentialEncryptionException;
import dev.threadline.command.credential.MasterKey;
import dev.threadline.command.credential.WrappedDataKey;
import dev.threadline.events.credential.SealedSecret;
import dev.threadline.events.workspace.WorkspaceId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MongoDataKeyStore} and the cipher over it, on an in-JVM Mongo-wire server (mongo-java-server, memory). */
class MongoDataKeyStoreTest {

    private static InJvmMongo mongo;
    private static MongoClient client;

    private final MasterKey masterKey = randomMasterKey();
    private final WorkspaceId workspaceA = WorkspaceId.random();
    private final WorkspaceId workspaceB = WorkspaceId.random();
    private MongoDatabase database;
    private MongoDataKeyStore store;
    private CredentialCipher cipher;

    @BeforeAll
    static void startServer() {
        mongo = new InJvmMongo();
        client = mongo.client();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        database = client.getDatabase("credential-keys-" + UUID.randomUUID());
        store = newStore();
        cipher = new CredentialCipher(masterKey, store);
    }

    @Test
    void givenNoKey_whenGetOrCreate_thenStoresTheNewKeyOnce() {
        AtomicInteger created = new AtomicInteger();

        WrappedDataKey first = store.getOrCreate(workspaceA, () -> {
            created.incrementAndGet();
            return key(workspaceA, 1);
        });
        WrappedDataKey second = store.getOrCreate(workspaceA, () -> {
            created.incrementAndGet();
            return key(workspaceA, 1);
        });

        assertThat(second).isEqualTo(first);
        assertThat(created).hasValue(1);
        assertThat(store.findById(first.keyId())).contains(first);
        assertThat(keyDocuments()).hasSize(1);
    }

    @Test
    void givenConcurrentFirstUse_whenGetOrCreate_thenEveryoneGetsTheOneStoredKey() throws Exception {
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<WrappedDataKey>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> store.getOrCreate(workspaceA, () -> {
                    await(start);
                    return key(workspaceA, 1);
                })));
            }
            List<String> keyIds = new ArrayList<>();
            for (Future<WrappedDataKey> answer : answers) {
                keyIds.add(answer.get().keyId());
            }

            assertThat(keyIds).hasSize(writers).containsOnly(keyIds.get(0));
            assertThat(keyDocuments()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenSeveralVersions_whenGetOrCreate_thenTheHighest() {
        store.getOrCreate(workspaceA, () -> key(workspaceA, 1));
        WrappedDataKey second = key(workspaceA, 2);
        database.getCollection(MongoDataKeyStore.COLLECTION)
                .insertOne(new Document("_id", second.keyId())
                        .append("workspaceId", workspaceA.value())
                        .append("version", 2)
                        .append("masterKeyId", second.masterKeyId())
                        .append("wrappedKey", second.wrappedKey()));

        assertThat(store.getOrCreate(workspaceA, () -> key(workspaceA, 1))).isEqualTo(second);
    }

    @Test
    void givenAKeyOfAnotherWorkspace_whenOfferedAsNewKey_thenRefused() {
        assertThatThrownBy(() -> store.getOrCreate(workspaceA, () -> key(workspaceB, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keyDocuments()).isEmpty();
    }

    @Test
    void givenUnknownKeyId_whenFound_thenEmpty() {
        assertThat(store.findById("no-such-key")).isEmpty();
    }

    @Test
    void givenTwoWorkspaces_whenOneIsShredded_thenOnlyItsKeysAreGone() {
        WrappedDataKey ofA = store.getOrCreate(workspaceA, () -> key(workspaceA, 1));
        WrappedDataKey ofB = store.getOrCreate(workspaceB, () -> key(workspaceB, 1));

        assertThat(store.shred(workspaceA)).isEqualTo(1);

        assertThat(store.findById(ofA.keyId())).isEmpty();
        assertThat(store.findById(ofB.keyId())).contains(ofB);
        assertThat(store.shred(workspaceA)).isZero();
    }

    @Test
    void givenStoredKey_thenTheDocumentHoldsOnlyTheWrappedForm() {
        SealedSecret sealed = cipher.seal(workspaceA, "ghp_value");

        Document document = keyDocuments().get(0);

        assertThat(document.keySet())
                .containsExactlyInAnyOrder("_id", "workspaceId", "version", "masterKeyId", "wrappedKey", "createdAt");
        assertThat(document.getString("_id")).isEqualTo(sealed.keyId());
        assertThat(document.getString("masterKeyId")).isEqualTo(masterKey.id());
        assertThat(Base64.getDecoder().decode(document.getString("wrappedKey"))).hasSize(12 + 32 + 16);
    }

    @Test
    void givenSealedSecrets_whenTheStoreIsReopened_thenTheyStillOpen() {
        SealedSecret sealed = cipher.seal(workspaceA, "ghp_value");

        CredentialCipher afterRestart = new CredentialCipher(masterKey, newStore());

        assertThat(afterRestart.open(workspaceA, sealed)).isEqualTo("ghp_value");
        assertThat(afterRestart.seal(workspaceA, "next").keyId()).isEqualTo(sealed.keyId());
    }

    @Test
    void givenShreddedWorkspace_whenItsSecretIsOpened_thenKeyShredded_whileAnotherWorkspaceStillWorks() {
        SealedSecret ofA = cipher.seal(workspaceA, "a-value");
        SealedSecret ofB = cipher.seal(workspaceB, "b-value");

        store.shred(workspaceA);

        assertThatThrownBy(() -> cipher.open(workspaceA, ofA))
                .isInstanceOfSatisfying(CredentialEncryptionException.class, e -> assertThat(e.reason())
                        .isEqualTo(CredentialEncryptionException.Reason.KEY_SHREDDED))
                .hasMessageContaining("shredded");
        assertThat(cipher.open(workspaceB, ofB)).isEqualTo("b-value");
    }

    @Test
    void givenAnotherMasterKey_whenOpened_thenRefused() {
        SealedSecret sealed = cipher.seal(workspaceA, "a-value");

        CredentialCipher wrongMaster = new CredentialCipher(randomMasterKey(), store);

        assertThatThrownBy(() -> wrongMaster.open(workspaceA, sealed))
                .isInstanceOfSatisfying(CredentialEncryptionException.class, e -> assertThat(e.reason())
                        .isEqualTo(CredentialEncryptionException.Reason.MASTER_KEY_MISMATCH));
    }

    @Test
    void givenSecretOfWorkspaceA_whenOpenedAsWorkspaceB_thenRefused() {
        SealedSecret ofA = cipher.seal(workspaceA, "a-value");
        cipher.seal(workspaceB, "b-value");

        assertThatThrownBy(() -> cipher.open(workspaceB, ofA)).isInstanceOf(CredentialEncryptionException.class);
    }

    private MongoDataKeyStore newStore() {
        MongoDataKeyStore fresh = new MongoDataKeyStore(database);
        fresh.ensureIndexes();
        return fresh;
    }

    private List<Document> keyDocuments() {
        return database.getCollection(MongoDataKeyStore.COLLECTION).find().into(new ArrayList<>());
    }

    /** A key record for store-level tests (its wrapped bytes are random, not a real wrapping). */
    private static WrappedDataKey key(WorkspaceId workspaceId, int version) {
        byte[] wrapped = new byte[60];
        new SecureRandom().nextBytes(wrapped);
        return new WrappedDataKey(
                UUID.randomUUID().toString(),
                workspaceId,
                version,
                "0123456789abcdef",
                Base64.getEncoder().encodeToString(wrapped));
    }

    private static MasterKey randomMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return MasterKey.fromBase64(Base64.getEncoder().encodeToString(key));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
