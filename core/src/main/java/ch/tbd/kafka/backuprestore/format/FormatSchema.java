package ch.tbd.kafka.backuprestore.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The record schema and the metadata keys of backup objects.
 *
 * <p>Every object names the format version it was written with. A reader decodes any version up to
 * {@link #CURRENT_VERSION} by Avro schema resolution against the current schema, so a new version may only add
 * fields with defaults.
 */
public final class FormatSchema {

    public static final int CURRENT_VERSION = 1;
    public static final Schema CURRENT = load("backup-record-v1.avsc");

    static final String META_PREFIX = "kafka.backup.";
    static final String META_FORMAT_VERSION = META_PREFIX + "format.version";
    static final String META_TOPIC = META_PREFIX + "topic";
    static final String META_PARTITION = META_PREFIX + "partition";
    static final String META_FIRST_OFFSET = META_PREFIX + "first.offset";
    static final String META_LAST_OFFSET = META_PREFIX + "last.offset";
    static final String META_RECORD_COUNT = META_PREFIX + "record.count";
    static final String META_MIN_TIMESTAMP = META_PREFIX + "min.timestamp";
    static final String META_MAX_TIMESTAMP = META_PREFIX + "max.timestamp";
    static final String META_DATA_LENGTH = META_PREFIX + "data.length";
    static final String META_DATA_CRC32C = META_PREFIX + "data.crc32c";
    /** Optional: Kafka's topic id, written when the backup could ask the cluster for it. */
    static final String META_TOPIC_ID = META_PREFIX + "topic.id";
    /** Length and CRC-32C of each block, 8 bytes a block: see {@link BlockTable}. */
    static final String META_BLOCKS = META_PREFIX + "blocks";
    /** How the blocks are encrypted, when they are ({@link ObjectEncryption}); absent for plain objects. */
    static final String META_ENCRYPTION = META_PREFIX + "encryption";
    /**
     * First and last offset, record count and timestamp range of each block: see {@link BlockIndex}. Optional, so that
     * objects written before it are still read (whole).
     */
    static final String META_BLOCK_INDEX = META_PREFIX + "block.index";

    private FormatSchema() {}

    private static Schema load(String resource) {
        try (InputStream in = FormatSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
