package dev.threadline.projection;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The read-model documents a projection changes while its processor handles one batch of events: each document is
 * read at most once per batch, changed in memory, and written back with one bulk write per collection after the
 * batch's last event, before the processor stores its token (see {@link #flushAfterLastEvent()}). A failed flush
 * fails the batch, which is then handled again; the versioned writes make that harmless.
 *
 * <p>Outside a unit of work (a test calling handlers directly) every change is written at once.
 */
public final class ReadModelBatch {

    private static final String RESOURCE = ReadModelBatch.class.getName();
    /** How many ids one bulk read asks for. */
    private static final int BULK_READ = 1000;
    /** Marks a document to delete among the changed ones. */
    private static final Document DELETED = new Document();

    private final MongoTemplate mongo;
    /** Documents read or changed in this batch, per collection; empty when the document does not exist. */
    private final Map<String, Map<Object, Optional<Document>>> documents = new HashMap<>();

    /**
     * Changed documents per collection, the collections in the order they were last changed: a projection changes the
     * document readers wait on (its head, which carries the version) after the documents it sums up, so writing in
     * this order never shows a reader a version whose details are not written yet.
     */
    private final Map<String, Map<Object, Document>> changed = new LinkedHashMap<>();

    private final boolean immediate;

    private ReadModelBatch(MongoTemplate mongo, boolean immediate) {
        this.mongo = mongo;
        this.immediate = immediate;
    }

    /** The batch being handled, or, outside a unit of work, one that writes every change at once. */
    static ReadModelBatch current(MongoTemplate mongo) {
        if (!CurrentUnitOfWork.isStarted()) {
            return new ReadModelBatch(mongo, true);
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(RESOURCE, key -> {
            ReadModelBatch created = new ReadModelBatch(mongo, false);
            // Normally flushed by the interceptor already; this catches a processor configured without it.
            unitOfWork.onPrepareCommit(done -> created.flush());
            return created;
        });
    }

    /** The document as this batch sees it, or null. */
    Document find(String collection, Object id) {
        return documents
                .computeIfAbsent(collection, name -> new HashMap<>())
                .computeIfAbsent(
                        id,
                        key -> Optional.ofNullable(mongo.getCollection(collection)
                                .find(Filters.eq("_id", key))
                                .first()))
                .orElse(null);
    }

    /**
     * The documents with these ids as this batch sees them, in the order of the ids, absent ones left out. Those the
     * batch has not seen yet are read together, one query per thousand ids.
     */
    List<Document> findAll(String collection, List<?> ids) {
        Map<Object, Optional<Document>> seen = documents.computeIfAbsent(collection, name -> new HashMap<>());
        List<Object> unseen =
                ids.stream().filter(id -> !seen.containsKey(id)).distinct().collect(Collectors.toList());
        for (int from = 0; from < unseen.size(); from += BULK_READ) {
            List<Object> chunk = unseen.subList(from, Math.min(unseen.size(), from + BULK_READ));
            chunk.forEach(id -> seen.put(id, Optional.empty()));
            for (Document found : mongo.getCollection(collection).find(Filters.in("_id", chunk))) {
                seen.put(found.get("_id"), Optional.of(found));
            }
        }
        return ids.stream().map(seen::get).flatMap(Optional::stream).toList();
    }

    /** Replaces (or creates) the document, written at the end of the batch. */
    void put(String collection, Document document) {
        Object id = document.get("_id");
        documents.computeIfAbsent(collection, name -> new HashMap<>()).put(id, Optional.of(document));
        changedIn(collection).put(id, document);
        if (immediate) {
            flush();
        }
    }

    /** Deletes the document, at the end of the batch. */
    void delete(String collection, Object id) {
        documents.computeIfAbsent(collection, name -> new HashMap<>()).put(id, Optional.empty());
        changedIn(collection).put(id, DELETED);
        if (immediate) {
            flush();
        }
    }

    /** Converts an entity to its stored document form. */
    Document toDocument(Object entity) {
        Document document = new Document();
        mongo.getConverter().write(entity, document);
        return document;
    }

    /** Converts one value to its stored form. */
    Object toStored(Object value) {
        return mongo.getConverter().convertToMongoType(value);
    }

    /** The collection's changed documents, the collection moved to the end of the write order. */
    private Map<Object, Document> changedIn(String collection) {
        Map<Object, Document> pending = changed.remove(collection);
        changed.put(collection, pending != null ? pending : new LinkedHashMap<>());
        return changed.get(collection);
    }

    private void flush() {
        for (Map.Entry<String, Map<Object, Document>> collection : changed.entrySet()) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (Map.Entry<Object, Document> document : collection.getValue().entrySet()) {
                writes.add(
                        document.getValue() == DELETED
                                ? new DeleteOneModel<>(Filters.eq("_id", document.getKey()))
                                : new ReplaceOneModel<>(
                                        Filters.eq("_id", document.getKey()),
                                        document.getValue(),
                                        new ReplaceOptions().upsert(true)));
            }
            mongo.getCollection(collection.getKey()).bulkWrite(writes);
        }
        changed.clear();
    }

    /**
     * The interceptor every projection processor needs: it writes the batch after its last event is handled, so the
     * writes land before the processor's token moves past them.
     */
    public static MessageHandlerInterceptor<EventMessage<?>> flushAfterLastEvent() {
        return (UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) -> {
            Object result = chain.proceed();
            boolean lastOfBatch = !(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage();
            if (lastOfBatch) {
                ReadModelBatch batch = unitOfWork.root().getResource(RESOURCE);
                if (batch != null) {
                    batch.flush();
                }
            }
            return result;
        };
    }
}
