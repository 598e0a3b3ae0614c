package dev.threadline.projection.credential;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A credential's metadata: never its value, not even sealed. {@code kind} is {@code workspace} (an environment
 * variable, with {@code name} and the workspaces it is assigned to) or {@code agent} (with {@code agent} and
 * {@code credentialKind}). {@code createdAt} is reset by every rotation.
 */
@Document("credentials")
public record CredentialSummary(
        @Id String id,
        String ownerId,
        String kind,
        String name,
        String agent,
        String credentialKind,
        String label,
        List<String> workspaceIds,
        Instant createdAt,
        boolean deleted,
        long version) {}
