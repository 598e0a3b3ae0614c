package dev.threadline.app.credential;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.threadline.command.credential.DataKeyStore;
import dev.threadline.command.credential.WrappedDataKey;
import dev.threadline.events.workspace.WorkspaceId;
import java.util.Date;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Wrapped workspace data keys in the {@value #COLLECTION} collection, one document per key: {@code _id} (key id),
 * {@code workspaceId}, {@code version}, {@code masterKeyId}, {@code wrappedKey}, {@code createdAt}.
 *
 * <p>Get-or-create is insert-then-read: a unique index on (workspaceId, version) lets exactly one first key per
 * workspace in, and a caller that loses the race reads the winner's. It relies on nothing but a unique index and
 * single-document writes, so it holds on the embedded Mongo-wire server (whose findAndModify is not atomic) as on
 * MongoDB. Shredding deletes the documents; no copy of a data key exists anywhere else.
 */
final class MongoDataKeyStore implements DataKeyStore {

    static final String COLLECTION = "credential_keys";

    private final MongoCollection<Document> keys;

    MongoDataKeyStore(MongoDatabase database) {
        this.keys = database.getCollection(COLLECTION);
    }

    /** Creates the unique (workspaceId, version) index; call once at start-up (idempotent). */
    void ensureIndexes() {
        keys.createIndex(
                Indexes.ascending("workspaceId", "version"),
                new IndexOptions().unique(true).name("workspace_version"));
    }

    @Override
    public WrappedDataKey getOrCreate(WorkspaceId workspaceId, Supplier<WrappedDataKey> create) {
        Optional<WrappedDataKey> current = current(workspaceId);
        if (current.isPresent()) {
            return current.get();
        }
        WrappedDataKey created = create.get();
        if (!created.workspaceId().equals(workspaceId)) {
            throw new IllegalArgumentException("A data key for workspace " + created.workspaceId()
                    + " cannot become the key of workspace " + workspaceId);
        }
        try {
            keys.insertOne(toDocument(created));
            return created;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return current(workspaceId)
                    .orElseThrow(() -> new IllegalStateException(
                            "Another data key of workspace " + workspaceId + " was stored, then vanished", e));
        }
    }

    @Override
    public Optional<WrappedDataKey> findById(String keyId) {
        return Optional.ofNullable(keys.find(Filters.eq("_id", keyId)).first()).map(MongoDataKeyStore::fromDocument);
    }

    @Override
    public long shred(WorkspaceId workspaceId) {
        return keys.deleteMany(Filters.eq("workspaceId", workspaceId.value())).getDeletedCount();
    }

    private Optional<WrappedDataKey> current(WorkspaceId workspaceId) {
        return Optional.ofNullable(keys.find(Filters.eq("workspaceId", workspaceId.value()))
                        .sort(Sorts.descending("version"))
                        .limit(1)
                        .first())
                .map(MongoDataKeyStore::fromDocument);
    }

    private static Document toDocument(WrappedDataKey key) {
        return new Document("_id", key.keyId())
                .append("workspaceId", key.workspaceId().value())
                .append("version", key.version())
                .append("masterKeyId", key.masterKeyId())
                .append("wrappedKey", key.wrappedKey())
                .append("createdAt", new Date());
    }

    private static WrappedDataKey fromDocument(Document document) {
        return new WrappedDataKey(
                document.getString("_id"),
                new WorkspaceId(document.getString("workspaceId")),
                document.getInteger("version"),
                document.getString("masterKeyId"),
                document.getString("wrappedKey"));
    }
}
