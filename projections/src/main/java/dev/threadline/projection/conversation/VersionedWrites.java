package dev.threadline.projection.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Idempotent writes to a read model whose documents carry the version (aggregate sequence) of the last event
 * applied: an event at or below that version was applied already and changes nothing.
 */
final class VersionedWrites {

    private final MongoTemplate mongo;
    private final Class<?> document;

    VersionedWrites(MongoTemplate mongo, Class<?> document) {
        this.mongo = mongo;
        this.document = document;
    }

    /** Inserts the first version of a document, unless it exists. */
    void create(String id, Object initial) {
        if (mongo.exists(Query.query(where("_id").is(id)), document)) {
            return;
        }
        try {
            mongo.insert(initial);
        } catch (DuplicateKeyException alreadyThere) {
            // created by an earlier delivery of the same event
        }
    }

    /** Applies the update if the document has not seen this version yet. */
    void apply(String id, long version, Update update) {
        mongo.updateFirst(
                Query.query(where("_id").is(id).and("version").lt(version)), update.set("version", version), document);
    }

    void clear() {
        mongo.remove(new Query(), document);
    }
}
