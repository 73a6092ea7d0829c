package ch.tbd.kafka.backuprestore.storage;

/**
 * A storage failure, already classified: {@link #retriable()} failures (throttling, a dropped connection, a 5xx) may
 * succeed when tried again; the others (missing bucket, bad credentials, access denied) will not and need the user.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public StorageException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
