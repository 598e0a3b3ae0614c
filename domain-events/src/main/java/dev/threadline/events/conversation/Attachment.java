package dev.threadline.events.conversation;

import java.util.Objects;

/** Metadata of a file attached to a user message; the bytes live elsewhere. */
public record Attachment(String storageId, String mimeType, String fileName, long fileSize) {

    public Attachment {
        Objects.requireNonNull(storageId, "storageId");
    }
}
