package ch.tbd.kafka.backuprestore.format;

import java.util.Locale;
import org.apache.avro.file.CodecFactory;

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

    public CodecFactory factory() {
        return switch (this) {
            case NONE -> CodecFactory.nullCodec();
            case DEFLATE -> CodecFactory.deflateCodec(6);
            // Level 3 is zstd's own default: most of the ratio at a fraction of the CPU of higher levels.
            case ZSTD -> CodecFactory.zstandardCodec(3, false, true);
        };
    }

    /** The configuration value: {@code none}, {@code deflate} or {@code zstd}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Codec fromConfigValue(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
