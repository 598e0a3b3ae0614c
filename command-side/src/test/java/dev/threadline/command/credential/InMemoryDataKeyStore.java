package dev.threadline.command.credential;

import dev.threadline.events.workspace.WorkspaceId;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A {@link DataKeyStore} in a map, for tests of code that seals and opens credentials. */
public final class InMemoryDataKeyStore implements DataKeyStore {

    private final Map<String, WrappedDataKey> byId = new ConcurrentHashMap<>();

    @Override
    public synchronized WrappedDataKey getOrCreate(WorkspaceId workspaceId, Supplier<WrappedDataKey> create) {
        return current(workspaceId).orElseGet(() -> {
            WrappedDataKey created = create.get();
            byId.put(created.keyId(), created);
            return created;
        });
    }

    @Override
    public Optional<WrappedDataKey> findById(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    @Override
    public synchronized long shred(WorkspaceId workspaceId) {
        long before = byId.size();
        byId.values().removeIf(key -> key.workspaceId().equals(workspaceId));
        return before - byId.size();
    }

    /** Replaces a stored key, to simulate an altered record. */
    public void put(WrappedDataKey key) {
        byId.put(key.keyId(), key);
    }

    public int size() {
        return byId.size();
    }

    private Optional<WrappedDataKey> current(WorkspaceId workspaceId) {
        return byId.values().stream()
                .filter(key -> key.workspaceId().equals(workspaceId))
                .max(Comparator.comparingInt(WrappedDataKey::version));
    }
}
