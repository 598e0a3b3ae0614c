package dev.threadline.events;

/**
 * The one refusal type of the domain. Its {@link Code} is stable and is what the HTTP layer maps to a status;
 * its message is safe to show to the caller.
 */
public class DomainException extends RuntimeException {

    public enum Code {
        /** Absent, or not the caller's: the two are never told apart. */
        NOT_FOUND,
        /** Known caller, no access (where the reference answers 403, such as following a conversation). */
        FORBIDDEN,
        /** Malformed or out-of-range input. */
        INVALID,
        /** Input over a size limit. */
        TOO_LARGE,
        /** The aggregate's current state forbids the operation (e.g. a turn is running). */
        CONFLICT,
        /** A read model has not yet reached the version the caller asked for; retrying soon will work. */
        NOT_READY,
        /** An outside service we depend on limits our requests; retrying later may work. */
        RATE_LIMITED,
        /** An outside service we depend on failed or did not answer in time. */
        UPSTREAM_FAILED
    }

    private final Code code;

    public DomainException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public static DomainException notFound(String message) {
        return new DomainException(Code.NOT_FOUND, message);
    }

    public static DomainException invalid(String message) {
        return new DomainException(Code.INVALID, message);
    }

    public static DomainException tooLarge(String message) {
        return new DomainException(Code.TOO_LARGE, message);
    }

    public static DomainException conflict(String message) {
        return new DomainException(Code.CONFLICT, message);
    }

    public static DomainException forbidden(String message) {
        return new DomainException(Code.FORBIDDEN, message);
    }
}
