package dev.threadline.command.credential;

import dev.threadline.events.workspace.WorkspaceId;
import java.util.Objects;

/**
 * A workspace data key as it is stored: wrapped (AES-256-GCM) by the master key, bound to its workspace, id and
 * version, so it unwraps only under the master key it names and only for the record it belongs to.
 *
 * @param keyId unique id of the key, carried by every {@code SealedSecret} sealed with it
 * @param workspaceId the only workspace whose secrets it seals
 * @param version 1 for a workspace's first key; higher for later keys
 * @param masterKeyId {@link MasterKey#id()} of the master key that wrapped it
 * @param wrappedKey base64 of nonce (12 bytes) ‖ encrypted key (32 bytes) ‖ tag (16 bytes)
 */
public record WrappedDataKey(
        String keyId, WorkspaceId workspaceId, int version, String masterKeyId, String wrappedKey) {

    public WrappedDataKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }
}
