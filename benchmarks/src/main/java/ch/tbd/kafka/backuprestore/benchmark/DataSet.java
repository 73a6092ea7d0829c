package ch.tbd.kafka.backuprestore.benchmark;

import java.nio.charset.StandardCharsets;

/**
 * The records of the benchmark, defined by their index so that the loader, the ceiling's payloads and the expected
 * count of a time window agree without storing anything.
 *
 * <p>Record {@code i} goes to partition {@code i % partitions} with a string key, a JSON-like value of
 * {@code valueBytes} bytes and two headers. Its timestamp grows evenly from {@code firstTimestamp} over
 * {@code timeSpanMs}, so that a time window of 1% of the span holds 1% of the records of every partition.
 *
 * @param valueBytes the size of every value; a record's key and headers add {@link #OVERHEAD_BYTES}
 */
record DataSet(int records, int partitions, int valueBytes, long firstTimestamp, long timeSpanMs) {

    static final String CONTENT_TYPE_HEADER = "content-type";
    static final byte[] CONTENT_TYPE = "application/json".getBytes(StandardCharsets.UTF_8);
    static final String TRACE_HEADER = "trace-id";
    static final int KEY_BYTES = key(0).length;
    static final int TRACE_BYTES = traceId(0).length;
    /** Key and header bytes (names and values) of every record. */
    static final int OVERHEAD_BYTES = KEY_BYTES + CONTENT_TYPE_HEADER.length() + CONTENT_TYPE.length
            + TRACE_HEADER.length() + TRACE_BYTES;

    DataSet {
        if (records < 1 || partitions < 1 || valueBytes < JsonLikeValues.MIN_BYTES || timeSpanMs < 1) {
            throw new IllegalArgumentException("records and partitions must be at least 1, the value size at least "
                    + JsonLikeValues.MIN_BYTES + " bytes, the time span at least 1 ms");
        }
    }

    /** Key, value and header bytes of one record: what every throughput figure of the benchmark counts. */
    int recordBytes() {
        return valueBytes + OVERHEAD_BYTES;
    }

    long totalBytes() {
        return (long) records * recordBytes();
    }

    int partition(long index) {
        return (int) (index % partitions);
    }

    long timestamp(long index) {
        return firstTimestamp + index * timeSpanMs / records;
    }

    /** How many records have a timestamp in {@code [from, to)}. */
    long recordsBetween(long from, long to) {
        return firstIndexAtOrAfter(to) - firstIndexAtOrAfter(from);
    }

    private long firstIndexAtOrAfter(long time) {
        long low = 0;
        long high = records;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (timestamp(middle) < time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    static byte[] key(long index) {
        return String.format("order-%010d", index).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] traceId(long index) {
        return String.format("%016x%016x", index * 0x9E3779B97F4A7C15L, ~index * 0xC2B2AE3D27D4EB4FL)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
