package dev.threadline.app.web;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A POST made with an Idempotency-Key: which request it was (fingerprint) and, once answered, the answer to replay.
 * The id hashes the caller and the key, so keys of different people never meet.
 */
@Document(IdempotentRequest.COLLECTION)
record IdempotentRequest(
        @Id String id,
        String fingerprint,
        boolean completed,
        int status,
        String contentType,
        byte[] body,
        Instant createdAt) {

    static final String COLLECTION = "idempotency_keys";
}
