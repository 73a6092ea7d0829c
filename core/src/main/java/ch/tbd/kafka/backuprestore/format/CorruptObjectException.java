package ch.tbd.kafka.backuprestore.format;

/** A stored object that cannot be trusted: damaged, truncated, or not written by Kafka Backup. */
public class CorruptObjectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String objectName;

    public CorruptObjectException(String objectName, String problem, Throwable cause) {
        super("Backup object '" + objectName + "' " + problem, cause);
        this.objectName = objectName;
    }

    public CorruptObjectException(String objectName, String problem) {
        this(objectName, problem, null);
    }

    public String objectName() {
        return objectName;
    }
}
