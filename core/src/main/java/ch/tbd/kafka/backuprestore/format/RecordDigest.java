package ch.tbd.kafka.backuprestore.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A checksum over everything a backup keeps of a record: offset, timestamp and its type, key, value and headers, with
 * nulls told apart from empty arrays. Two objects of one name whose first records have equal digests come from the same
 * log; a topic deleted and created again under the same name gives different records at the same offsets.
 */
public final class RecordDigest {

    private static final int NULL = -1;

    private RecordDigest() {}

    public static long of(BackupRecord record) {
        CRC32C crc = new CRC32C();
        ByteBuffer fixed = ByteBuffer.allocate(Long.BYTES * 2 + Integer.BYTES * 2);
        fixed.putLong(record.offset());
        fixed.putLong(record.timestamp() == null ? Long.MIN_VALUE : record.timestamp());
        fixed.putInt(record.timestamp() == null ? NULL : 0);
        fixed.putInt(record.timestampType().ordinal());
        crc.update(fixed.flip());
        update(crc, record.key());
        update(crc, record.value());
        crc.update(ByteBuffer.allocate(Integer.BYTES).putInt(record.headers().size()).flip());
        for (BackupHeader header : record.headers()) {
            update(crc, header.key().getBytes(StandardCharsets.UTF_8));
            update(crc, header.value());
        }
        return crc.getValue();
    }

    private static void update(CRC32C crc, byte[] bytes) {
        crc.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes == null ? NULL : bytes.length).flip());
        if (bytes != null) {
            crc.update(bytes);
        }
    }
}
