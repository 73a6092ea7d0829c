package ch.tbd.kafka.backuprestore.storage;

/**
 * A storage failure, already classified: {@link #retriable()} failures (throttling, a dropped connection, a 5xx) may
 * succeed when tried again; the others (missing bucket, bad credentials, access denied) will not and need the user.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;
    private final FailureKind kind;

    /** A failure of the kind of its cause; without a cause, {@link FailureKind#OTHER}. */
    public StorageException(String message, boolean retriable, Throwable cause) {
        this(message, retriable, cause == null ? FailureKind.OTHER : StorageErrors.kind(cause), cause);
    }

    public StorageException(String message, boolean retriable, FailureKind kind, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.kind = kind;
    }

    public boolean retriable() {
        return retriable;
    }

    public FailureKind kind() {
        return kind;
    }
}
