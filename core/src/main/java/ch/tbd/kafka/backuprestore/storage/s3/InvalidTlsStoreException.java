package ch.tbd.kafka.backuprestore.storage.s3;

/**
 * A trust store or key store that cannot be used as configured. The message names the file and the setting to fix,
 * never a password; {@link #setting()} is that setting, so that configuration checks can report the problem on it.
 */
public final class InvalidTlsStoreException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    public InvalidTlsStoreException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public InvalidTlsStoreException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** The configuration key to fix, such as {@code s3.ssl.truststore.password}. */
    public String setting() {
        return setting;
    }
}
