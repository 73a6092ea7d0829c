package ch.tbd.kafka.backuprestore.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Decodes the current schema straight into a {@link BackupRecord}, the mirror of {@link BackupRecordDatumWriter}:
 * no Avro generic record per Kafka record, the topic name decoded once per object, and keys and values handed on in
 * the arrays Avro reads them into. This is the hot path of a restore.
 */
final class BackupRecordDatumReader implements DatumReader<BackupRecord> {

    private static final int NULL_BRANCH = 0;
    private static final int VALUE_BRANCH = 1;
    private static final TimestampType[] TIMESTAMP_TYPES = TimestampType.values();
    /** Past this many distinct header keys the cache starts over rather than grow. */
    private static final int MAX_CACHED_HEADER_KEYS = 64;

    private final Utf8 topicScratch = new Utf8();
    private Utf8 lastTopicBytes;
    private String lastTopic;
    private long bytesLimit = Integer.MAX_VALUE;
    /** Header keys repeat in every record: each distinct one is decoded once. */
    private final Map<Utf8, String> headerKeys = new HashMap<>();
    private final Utf8 headerKeyScratch = new Utf8();

    /**
     * Caps the length a bytes field may announce, at most the decoded block's size, so that a damaged length is
     * reported as damage instead of an attempt to allocate it.
     */
    void limitBytesTo(long limit) {
        bytesLimit = limit;
    }

    @Override
    public void setSchema(Schema schema) {
        if (!FormatSchema.CURRENT.equals(schema)) {
            throw new IllegalArgumentException("the object's Avro schema is not the backup record schema this version"
                    + " reads: " + schema.getFullName());
        }
    }

    @Override
    public BackupRecord read(BackupRecord reuse, Decoder in) throws IOException {
        String topic = readTopic(in);
        int partition = in.readInt();
        long offset = in.readLong();
        Long timestamp = branch(in) == NULL_BRANCH ? readNull(in) : Long.valueOf(in.readLong());
        int type = in.readEnum();
        if (type < 0 || type >= TIMESTAMP_TYPES.length) {
            throw new IOException("timestamp type symbol " + type + " is not in the schema");
        }
        byte[] key = readNullableBytes(in);
        byte[] value = readNullableBytes(in);
        return new BackupRecord(topic, partition, offset, timestamp, TIMESTAMP_TYPES[type], key, value,
                readHeaders(in));
    }

    /** Every record of an object has the same topic: decode its name once. */
    private String readTopic(Decoder in) throws IOException {
        Utf8 bytes = in.readString(topicScratch);
        if (lastTopic == null || !bytes.equals(lastTopicBytes)) {
            lastTopic = bytes.toString();
            lastTopicBytes = new Utf8(lastTopic);
        }
        return lastTopic;
    }

    private List<BackupHeader> readHeaders(Decoder in) throws IOException {
        long count = in.readArrayStart();
        if (count == 0) {
            return List.of();
        }
        List<BackupHeader> headers = new ArrayList<>((int) Math.min(count, 64));
        for (; count != 0; count = in.arrayNext()) {
            for (long i = 0; i < count; i++) {
                headers.add(new BackupHeader(readHeaderKey(in), readNullableBytes(in)));
            }
        }
        return Collections.unmodifiableList(headers);
    }

    private String readHeaderKey(Decoder in) throws IOException {
        Utf8 bytes = in.readString(headerKeyScratch);
        String key = headerKeys.get(bytes);
        if (key == null) {
            if (headerKeys.size() >= MAX_CACHED_HEADER_KEYS) {
                headerKeys.clear();
            }
            key = bytes.toString();
            headerKeys.put(new Utf8(key), key);
        }
        return key;
    }

    /** Reads straight into an array of the field's length: the array is the value, with no copy and no wrapper. */
    private byte[] readNullableBytes(Decoder in) throws IOException {
        if (branch(in) == NULL_BRANCH) {
            return readNull(in);
        }
        long length = in.readLong();
        if (length < 0 || length > bytesLimit) {
            throw new IOException("a bytes field announces " + length + " bytes in a block of " + bytesLimit);
        }
        byte[] bytes = new byte[(int) length];
        in.readFixed(bytes);
        return bytes;
    }

    private static int branch(Decoder in) throws IOException {
        int index = in.readIndex();
        if (index != NULL_BRANCH && index != VALUE_BRANCH) {
            throw new IOException("union branch " + index + " is not in the schema");
        }
        return index;
    }

    private static <T> T readNull(Decoder in) throws IOException {
        in.readNull();
        return null;
    }
}
