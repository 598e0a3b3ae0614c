package dev.threadline.app.eventstore;

import com.mongodb.DuplicateKeyException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises MongoDB duplicate-key errors (error code 11000) anywhere in an exception's cause chain, so the storage
 * engine can report a concurrent write to the same aggregate sequence as Axon's {@code ConcurrencyException} or
 * {@code AggregateStreamCreationException}.
 */
public class MongoDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final int DUPLICATE_KEY_CODE = 11000;

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        Throwable current = exception;
        int depth = 0;
        while (current != null && depth++ < 16) {
            if (isDuplicateKey(current)) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    private static boolean isDuplicateKey(Throwable t) {
        if (t instanceof DuplicateKeyException) {
            return true;
        }
        if (t instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                    .anyMatch(error -> error.getCode() == DUPLICATE_KEY_CODE
                            || ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        if (t instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                    || write.getError().getCode() == DUPLICATE_KEY_CODE;
        }
        if (t instanceof MongoServerException server) {
            return server.getCode() == DUPLICATE_KEY_CODE
                    || ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
        }
        return false;
    }
}
