package ch.tbd.kafka.backuprestore.format;

import java.util.Locale;

/** Compression of the blocks of a backup object, one of Avro's standard codecs so that Avro tools can read it. */
public enum Codec {
    NONE("null"),
    DEFLATE("deflate"),
    ZSTD("zstandard");

    private final String avroName;

    Codec(String avroName) {
        this.avroName = avroName;
    }

    /** The codec name Avro records in the file header. */
    public String avroName() {
        return avroName;
    }

    /** The configuration value: {@code none}, {@code deflate} or {@code zstd}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Codec fromConfigValue(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
