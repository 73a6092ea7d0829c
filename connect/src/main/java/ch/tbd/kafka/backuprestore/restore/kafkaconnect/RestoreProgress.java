package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * How far the restore of one backed-up partition got, as Connect stores it in the connector's source offsets, so that
 * {@code GET /connectors/NAME/offsets} shows it and a restarted task continues from it.
 *
 * @param offset       the last original offset written, or -1 before the first
 * @param records      records written so far
 * @param totalRecords records in the objects the restore reads
 * @param bytes        bytes of backup objects processed so far, the total once complete
 * @param totalBytes   bytes of the objects the restore reads
 * @param complete     whether nothing is left to restore
 * @param skippedObjects damaged objects skipped (restore.skip.damaged.enabled), 0 when none
 * @param skippedOffsets the offset ranges skipped, "10-19,40-end", at most {@link #SKIPPED_RANGES_KEPT} of them
 */
record RestoreProgress(long offset, long records, long totalRecords, long bytes, long totalBytes, boolean complete,
        long skippedObjects, String skippedOffsets) {

    /** Ranges spelled out in a source offset: it travels with every record, so it stays small. */
    static final int SKIPPED_RANGES_KEPT = 10;

    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";
    static final String RECORDS = "records";
    static final String TOTAL_RECORDS = "total.records";
    static final String BYTES = "bytes";
    static final String TOTAL_BYTES = "total.bytes";
    static final String COMPLETE = "complete";
    static final String SKIPPED_OBJECTS = "skipped.objects";
    static final String SKIPPED_OFFSETS = "skipped.offsets";

    RestoreProgress(long offset, long records, long totalRecords, long bytes, long totalBytes, boolean complete) {
        this(offset, records, totalRecords, bytes, totalBytes, complete, 0, "");
    }

    /**
     * Connect finds a stored offset by the serialized bytes of its partition map, and serializes maps in their iteration
     * order; its REST API looks offsets up with the {@link HashMap}s it deserialized. So the partition map must be a
     * {@link HashMap} too: {@code Map.of} iterates in an order salted differently in every JVM.
     */
    static Map<String, Object> sourcePartition(TopicPartitionId tp) {
        Map<String, Object> partition = new HashMap<>(); // default capacity, as Connect deserializes it
        partition.put(TOPIC, tp.topic());
        partition.put(PARTITION, tp.partition());
        return partition;
    }

    /**
     * The partition map that every record of the partition carries: as {@link #sourcePartition}, unmodifiable, with
     * its hash code computed once. Connect hashes the map of every record it sends, to track the record until it is
     * acknowledged, and a map's hash code walks its entries each time.
     */
    static Map<String, Object> sharedSourcePartition(TopicPartitionId tp) {
        return Collections.unmodifiableMap(new HashedOnce(tp));
    }

    /** Never changed after its construction: the only reference is behind an unmodifiable view. */
    private static final class HashedOnce extends HashMap<String, Object> {

        private final int hash;

        /** Filled entry by entry into the default capacity, so that it iterates as {@link #sourcePartition}'s. */
        HashedOnce(TopicPartitionId tp) {
            put(TOPIC, tp.topic());
            put(PARTITION, tp.partition());
            this.hash = super.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * One a record, so small, immutable and made lazily ({@link ProgressOffset}): unlike the partition map, nothing
     * looks an offset map up by its bytes.
     */
    Map<String, Object> sourceOffset() {
        return new ProgressOffset(this);
    }

    /** The source offset's entries. */
    Map<String, Object> toMap() {
        if (skippedObjects == 0) {
            return Map.of(OFFSET, offset, RECORDS, records, TOTAL_RECORDS, totalRecords, BYTES, bytes, TOTAL_BYTES,
                    totalBytes, COMPLETE, complete);
        }
        return Map.of(OFFSET, offset, RECORDS, records, TOTAL_RECORDS, totalRecords, BYTES, bytes, TOTAL_BYTES,
                totalBytes, COMPLETE, complete, SKIPPED_OBJECTS, skippedObjects, SKIPPED_OFFSETS, skippedOffsets);
    }

    /** Progress from a stored source offset, or {@code null} when none was stored. */
    static RestoreProgress fromSourceOffset(Map<String, Object> stored) {
        if (stored == null || !(stored.get(OFFSET) instanceof Number offset)) {
            return null;
        }
        return new RestoreProgress(offset.longValue(), number(stored, RECORDS), number(stored, TOTAL_RECORDS),
                number(stored, BYTES), number(stored, TOTAL_BYTES), Boolean.TRUE.equals(stored.get(COMPLETE)),
                number(stored, SKIPPED_OBJECTS),
                stored.get(SKIPPED_OFFSETS) instanceof String ranges ? ranges : "");
    }

    private static long number(Map<String, Object> stored, String key) {
        return stored.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
