package ch.tbd.kafka.backuprestore.format;

import java.util.Objects;

/** A record header: a key and its value, which may be {@code null}. */
public record BackupHeader(String key, byte[] value) {

    public BackupHeader {
        Objects.requireNonNull(key, "key");
    }
}
