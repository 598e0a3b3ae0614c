package dev.threadline.command.credential;

import dev.threadline.events.workspace.WorkspaceId;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the wrapped workspace data keys live. It only ever sees keys in their wrapped form. Deleting a workspace's
 * keys ({@link #shred}) makes every secret sealed for it unreadable for good, wherever copies of the ciphertext
 * remain (events, snapshots, backups).
 */
public interface DataKeyStore {

    /**
     * The workspace's current key (its highest version). When it has none, stores the key {@code create} makes and
     * returns it; concurrent callers for the same workspace all get the one key that was stored first.
     */
    WrappedDataKey getOrCreate(WorkspaceId workspaceId, Supplier<WrappedDataKey> create);

    /** The key with this id, or empty once it has been shredded (or if it never existed). */
    Optional<WrappedDataKey> findById(String keyId);

    /** Deletes every key of the workspace; returns how many were deleted. Shredding twice is harmless. */
    long shred(WorkspaceId workspaceId);
}
