package ch.tbd.kafka.backuprestore.compact;

import java.util.Locale;

/**
 * The role an instance takes when it first meets a partition ({@code compacted.log.backup.initial.status}): the
 * ACTIVATE instance builds the first snapshot, the PASSIVATE one waits for its turn.
 */
public enum InitialStatus {
    ACTIVATE,
    PASSIVATE;

    public static InitialStatus parse(String value) {
        String trimmed = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (InitialStatus status : values()) {
            if (status.name().equals(trimmed)) {
                return status;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is neither ACTIVATE nor PASSIVATE: one instance of the"
                + " pair starts as ACTIVATE and backs up at once, the other as PASSIVATE and takes over later");
    }
}
