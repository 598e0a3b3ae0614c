package dev.threadline.app.axon;

import java.lang.ref.SoftReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;

/**
 * A cache of recently used event-sourced aggregates that hands one out only while it is still the latest version in
 * the event store. Several nodes may write the same aggregate (a turn recovered by another node, two tabs on two
 * nodes), and a cached aggregate does not see their events. So before answering, the cache asks the store whether the
 * event after the cached version exists, one lookup of a uniquely indexed key; if it does, the entry is dropped and the
 * repository loads the aggregate afresh from its snapshot and events. A writer that slips in between that check and
 * this node's append still collides on the unique (aggregate, sequence) index, as it would without a cache; Axon drops
 * the entry when the unit of work rolls back, and {@code CommandSender} retries the command on fresh state (ADR 11).
 *
 * <p>It keeps the {@code capacity} most recently used aggregates, softly referenced: the collector takes them back
 * under memory pressure, not at every young collection as it does with weak references. It holds only what Axon's
 * caching repository puts in (an {@link AggregateCacheEntry} of a live aggregate, whose version it reads); anything
 * else is not cached.
 */
public final class VerifiedAggregateCache implements Cache {

    /** Whether the aggregate has an event with this sequence number in the store. */
    @FunctionalInterface
    public interface EventLookup {
        boolean exists(String aggregateIdentifier, long sequenceNumber);
    }

    private record Entry(AggregateCacheEntry<?> value, long version) {}

    private final EventLookup events;
    private final int capacity;
    private final Map<Object, SoftReference<Entry>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public VerifiedAggregateCache(int capacity, EventLookup events) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The capacity must be at least 1");
        }
        this.events = events;
        this.capacity = capacity;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        SoftReference<Entry> reference;
        synchronized (entries) {
            reference = entries.get(key);
        }
        Entry entry = reference == null ? null : reference.get();
        if (entry == null) {
            if (reference != null) {
                removeIfUnchanged(key, reference);
                listeners.forEach(listener -> listener.onEntryExpired(key));
            }
            return null;
        }
        if (events.exists(key.toString(), entry.version() + 1)) {
            // Another writer has moved the aggregate on: this state must not decide anything.
            removeIfUnchanged(key, reference);
            listeners.forEach(listener -> listener.onEntryExpired(key));
            return null;
        }
        listeners.forEach(listener -> listener.onEntryRead(key, entry.value()));
        return (V) entry.value();
    }

    @Override
    public void put(Object key, Object value) {
        Entry entry = entryOf(value);
        if (entry == null) {
            remove(key);
            return;
        }
        SoftReference<Entry> previous;
        Object pushedOut;
        synchronized (entries) {
            previous = entries.put(key, new SoftReference<>(entry));
            pushedOut = leastRecentlyUsedOverCapacity();
        }
        expired(pushedOut);
        listeners.forEach(listener -> {
            if (previous == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Entry entry = entryOf(value);
        if (entry == null) {
            return false;
        }
        Object pushedOut;
        synchronized (entries) {
            SoftReference<Entry> current = entries.get(key);
            if (current != null && current.get() != null) {
                return false;
            }
            entries.put(key, new SoftReference<>(entry));
            pushedOut = leastRecentlyUsedOverCapacity();
        }
        expired(pushedOut);
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    public boolean remove(Object key) {
        SoftReference<Entry> removed;
        synchronized (entries) {
            removed = entries.remove(key);
        }
        if (removed == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        List<Object> removed;
        synchronized (entries) {
            removed = List.copyOf(entries.keySet());
            entries.clear();
        }
        removed.forEach(key -> listeners.forEach(listener -> listener.onEntryRemoved(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            SoftReference<Entry> reference = entries.get(key);
            return reference != null && reference.get() != null;
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Drops the least recently used entry if there is one too many; answers its key. Called under the lock. */
    private Object leastRecentlyUsedOverCapacity() {
        if (entries.size() <= capacity) {
            return null;
        }
        Iterator<Object> eldest = entries.keySet().iterator();
        Object key = eldest.next();
        eldest.remove();
        return key;
    }

    private void expired(Object key) {
        if (key != null) {
            listeners.forEach(listener -> listener.onEntryExpired(key));
        }
    }

    private void removeIfUnchanged(Object key, SoftReference<Entry> reference) {
        synchronized (entries) {
            entries.remove(key, reference);
        }
    }

    /**
     * The entry with the version of its aggregate, or null when that cannot be known. An entry made from a live
     * aggregate, as the caching repository makes them, gives that aggregate back without needing anything else; one
     * without it (read back from elsewhere) would need a model to be rebuilt, and is not cached.
     */
    private static Entry entryOf(Object value) {
        if (!(value instanceof AggregateCacheEntry<?> cacheEntry)) {
            return null;
        }
        EventSourcedAggregate<?> aggregate;
        try {
            aggregate = cacheEntry.recreateAggregate(null, null, null);
        } catch (RuntimeException noLiveAggregate) {
            return null;
        }
        Long version = aggregate == null ? null : aggregate.version();
        return version == null ? null : new Entry(cacheEntry, version);
    }
}
