package ch.tbd.kafka.backuprestore.storage;

/** The store answered that it does not implement a request, such as lifecycle rules on many S3-compatible servers. */
public final class UnsupportedByStoreException extends StorageException {

    private static final long serialVersionUID = 1L;

    public UnsupportedByStoreException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
