package ch.tbd.kafka.backuprestore.crypto;

/** A key that is missing, wrong or unreadable: a configuration to fix, which retrying does not. */
public class EncryptionKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EncryptionKeyException(String message) {
        super(message);
    }

    public EncryptionKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
