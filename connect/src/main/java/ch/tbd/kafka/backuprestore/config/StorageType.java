package ch.tbd.kafka.backuprestore.config;

import java.util.Locale;

/** Where backups are kept. */
public enum StorageType {
    S3,
    LOCAL;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StorageType fromConfigValue(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
