package dev.threadline.app.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend, with unique indexes whose keys are compared as values. The stock backend keeps each
 * unique index as an H2 map under H2's generic object type, which compares two index keys by writing both with Java
 * serialisation: every lookup, and every insert for each unique index of the collection, costs a few dozen
 * serialisations, and under load that was most of the store's work (ADR 11). Here two keys are compared element by
 * element with H2's own comparison of the values: strings and numbers natively, anything else as before. What is
 * written to the file is unchanged.
 *
 * <p>The order of the keys differs from the stock one, so these indexes live in maps of their own names. A file last
 * opened by the stock backend (its index maps present) has its indexes rebuilt from the documents when opened here,
 * since the stock backend does not keep these maps up to date. Tools that open the development store's file
 * themselves should use this backend, or pay for that rebuild at the next start.
 */
public final class ValueOrderedH2Backend extends H2Backend {

    /** Where the stock backend keeps a collection's documents, by namespace. */
    private static final String DATA_PREFIX = "databases.";

    private static final String STOCK_INDEX_INFIX = "._index_";
    private static final String INDEX_INFIX = "._vindex_";

    public ValueOrderedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /** Called while the stock constructor opens the collections, so it reads everything from the backend. */
    private final class Database extends H2Database {

        Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(
                String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            MVStore store = getMvStore();
            String stockName = getFullCollectionNamespace(collectionName) + STOCK_INDEX_INFIX + indexName;
            String name = getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
            if (store.hasMap(stockName)) {
                // Opened by the stock backend since: documents may have changed without this index. An empty index
                // is rebuilt from the documents when the collection opens.
                store.removeMap(stockName);
                if (store.hasMap(name)) {
                    store.removeMap(name);
                }
            }
            MVMap<KeyValue, Object> map =
                    store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
            if (!sparse && map.sizeAsLong() != documents(collectionName)) {
                // Every document has a key in an index that is not sparse. A count that differs means the index
                // was left part-built (the process stopped while it was rebuilt) or kept while the stock backend
                // changed the collection: emptied, it is rebuilt from the documents when the collection opens.
                map.clear();
            }
            return new ValueOrderedIndex(map, indexName, keys, sparse);
        }

        private long documents(String collectionName) {
            String data = DATA_PREFIX + getFullCollectionNamespace(collectionName);
            return getMvStore().hasMap(data) ? getMvStore().openMap(data).sizeAsLong() : 0;
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = getFullCollectionNamespace(collection.getCollectionName()) + INDEX_INFIX + indexName;
            if (getMvStore().hasMap(name)) {
                getMvStore().removeMap(name);
            }
        }
    }

    /** Index keys compared by their values, one after the other; anything that is not a key as H2 compares it. */
    static final class KeyValueType extends ObjectDataType {

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int sizes = Integer.compare(left.size(), right.size());
                if (sizes != 0) {
                    return sizes;
                }
                for (int i = 0; i < left.size(); i++) {
                    int order = super.compare(left.get(i), right.get(i));
                    if (order != 0) {
                        return order;
                    }
                }
                return 0;
            }
            return super.compare(a, b);
        }
    }

    /** The stock H2 unique index, over a map of the backend's choosing. */
    private static final class ValueOrderedIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        ValueOrderedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue keyValue) {
            return map.remove(keyValue);
        }

        @Override
        protected boolean putKeyPosition(KeyValue keyValue, Object position) {
            return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue keyValue) {
            return map.get(keyValue);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
