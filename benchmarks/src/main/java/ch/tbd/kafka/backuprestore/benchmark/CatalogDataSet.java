package ch.tbd.kafka.backuprestore.benchmark;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.util.ArrayList;
import java.util.List;

/**
 * A backup of many small objects, defined by its numbers like {@link DataSet}: object {@code i} is the
 * {@code i / partitions}-th object of partition {@code i % partitions}, so that the partitions fill in turn, and holds
 * {@code recordsPerObject} records of consecutive offsets, of the data set's shape (key, JSON-like value, the two
 * headers). Record {@code r} of the whole set is record {@code r % recordsPerObject} of object
 * {@code r / recordsPerObject}; its timestamp rises evenly with {@code r} over {@code timeSpanMs}, so that a time window
 * holds its share of every partition.
 */
record CatalogDataSet(int objects, int partitions, int recordsPerObject, int valueBytes, long firstTimestamp,
        long timeSpanMs) {

    CatalogDataSet {
        if (objects < partitions || partitions < 1 || recordsPerObject < 1 || valueBytes < JsonLikeValues.MIN_BYTES
                || timeSpanMs < 1) {
            throw new IllegalArgumentException("at least one object a partition and one record an object, values of at"
                    + " least " + JsonLikeValues.MIN_BYTES + " bytes, a time span of at least 1 ms");
        }
    }

    long records() {
        return (long) objects * recordsPerObject;
    }

    /** Key, value and header bytes of one record, as {@link DataSet#recordBytes()} counts them. */
    int recordBytes() {
        return valueBytes + DataSet.OVERHEAD_BYTES;
    }

    int partition(int object) {
        return object % partitions;
    }

    long startOffset(int object) {
        return (long) (object / partitions) * recordsPerObject;
    }

    long timestamp(long record) {
        return firstTimestamp + record * timeSpanMs / records();
    }

    /** How many records have a timestamp in {@code [from, to)}: timestamps rise with the record's number. */
    long recordsBetween(long from, long to) {
        return firstAtOrAfter(to) - firstAtOrAfter(from);
    }

    /**
     * The first record whose timestamp is at least {@code time}: {@code floor(r * span / records) >= d} holds exactly
     * when {@code r * span >= d * records}.
     */
    private long firstAtOrAfter(long time) {
        long since = time - firstTimestamp;
        if (since <= 0) {
            return 0;
        }
        long first = Math.floorDiv(since * records() + timeSpanMs - 1, timeSpanMs);
        return Math.min(first, records());
    }

    /** The records of one object, in offset order. */
    List<BackupRecord> records(String topic, int object) {
        List<BackupRecord> records = new ArrayList<>(recordsPerObject);
        for (int i = 0; i < recordsPerObject; i++) {
            long record = (long) object * recordsPerObject + i;
            records.add(new BackupRecord(topic, partition(object), startOffset(object) + i, timestamp(record),
                    TimestampType.CREATE_TIME, DataSet.key(record), JsonLikeValues.value(record, valueBytes),
                    List.of(new BackupHeader(DataSet.CONTENT_TYPE_HEADER, DataSet.CONTENT_TYPE),
                            new BackupHeader(DataSet.TRACE_HEADER, DataSet.traceId(record)))));
        }
        return records;
    }
}
