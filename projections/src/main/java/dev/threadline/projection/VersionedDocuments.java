package dev.threadline.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Idempotent writes to one read-model collection, buffered in the {@link ReadModelBatch} of the events being handled.
 * Versioned documents carry the version (aggregate sequence) of the last event applied: an event at or below it was
 * applied already and changes nothing, so replaying events twice gives the same documents. A processor handles one
 * aggregate's events in order on one thread, so checking the version before writing cannot race.
 */
public final class VersionedDocuments {

    private static final String VERSION = "version";

    private final MongoTemplate mongo;
    private final Class<?> type;
    private final String collection;

    public VersionedDocuments(MongoTemplate mongo, Class<?> type) {
        this.mongo = mongo;
        this.type = type;
        this.collection = mongo.getCollectionName(type);
    }

    /** Stores the first version of a versioned document, unless it exists. */
    public void create(String id, Object initial) {
        ReadModelBatch batch = ReadModelBatch.current(mongo);
        if (batch.find(collection, id) == null) {
            batch.put(collection, batch.toDocument(initial));
        }
    }

    /**
     * Applies the update's {@code $set}, {@code $unset}, {@code $addToSet} and {@code $pull} (one value each) if the
     * document has not seen this version yet.
     */
    public void apply(String id, long version, Update update) {
        ReadModelBatch batch = ReadModelBatch.current(mongo);
        Document current = batch.find(collection, id);
        if (current == null || versionOf(current) >= version) {
            return;
        }
        Document next = new Document(current);
        Document changes = update.getUpdateObject();
        for (Map.Entry<String, Object> set : fields(changes, "$set").entrySet()) {
            next.put(set.getKey(), batch.toStored(set.getValue()));
        }
        fields(changes, "$unset").keySet().forEach(next::remove);
        for (Map.Entry<String, Object> added : fields(changes, "$addToSet").entrySet()) {
            List<Object> values = listOf(next, added.getKey());
            Object value = batch.toStored(added.getValue());
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        for (Map.Entry<String, Object> pulled : fields(changes, "$pull").entrySet()) {
            listOf(next, pulled.getKey()).remove(batch.toStored(pulled.getValue()));
        }
        next.put(VERSION, version);
        batch.put(collection, next);
    }

    /** Whether the document has not seen this version yet (true when it does not exist). */
    public boolean isNew(String id, long version) {
        Document current = ReadModelBatch.current(mongo).find(collection, id);
        return current == null || versionOf(current) < version;
    }

    /** Stores an unversioned document (replacing one with the same id), e.g. a message owned by a versioned head. */
    public void save(Object entity) {
        ReadModelBatch batch = ReadModelBatch.current(mongo);
        batch.put(collection, batch.toDocument(entity));
    }

    /** Stores a document as it is (replacing one with the same id), e.g. one moved here from another collection. */
    public void saveDocument(Document document) {
        ReadModelBatch.current(mongo).put(collection, document);
    }

    /** Sets fields of an unversioned document, if it exists. */
    public void patch(String id, Update update) {
        ReadModelBatch batch = ReadModelBatch.current(mongo);
        Document current = batch.find(collection, id);
        if (current != null) {
            Document next = new Document(current);
            fields(update.getUpdateObject(), "$set").forEach((field, value) -> next.put(field, batch.toStored(value)));
            batch.put(collection, next);
        }
    }

    /** The document as the current batch sees it, or null. */
    public Document find(String id) {
        return ReadModelBatch.current(mongo).find(collection, id);
    }

    /**
     * The documents with these ids as the current batch sees them, in the order of the ids, absent ones left out; read
     * in bulk rather than one by one.
     */
    public List<Document> findAll(List<String> ids) {
        return ReadModelBatch.current(mongo).findAll(collection, ids);
    }

    /** Deletes one document. */
    public void delete(String id) {
        ReadModelBatch.current(mongo).delete(collection, id);
    }

    /** Removes every document: a projection's reset. */
    public void clear() {
        mongo.remove(new Query(), type);
    }

    /** The document's list field as a fresh mutable list, put back into the document. */
    private static List<Object> listOf(Document document, String field) {
        Object current = document.get(field);
        List<Object> values = current instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
        document.put(field, values);
        return values;
    }

    private static long versionOf(Document document) {
        Object version = document.get(VERSION);
        return version == null ? -1 : ((Number) version).longValue();
    }

    private static Document fields(Document update, String operator) {
        Object fields = update.get(operator);
        return fields instanceof Document document ? document : new Document();
    }
}
