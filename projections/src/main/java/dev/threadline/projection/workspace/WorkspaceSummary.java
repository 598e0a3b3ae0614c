package dev.threadline.projection.workspace;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One workspace as its owner lists it. {@code version} is the sequence of the owner's workspaces aggregate that last
 * changed it; a deleted workspace stays as a tombstone so the version keeps moving forward.
 */
@Document("workspaces")
public record WorkspaceSummary(
        @Id String id,
        String ownerId,
        String name,
        String harnessId,
        String sandboxId,
        String color,
        boolean isDefault,
        Integer order,
        Instant createdAt,
        Instant lastUsedAt,
        boolean deleted,
        long version) {}
