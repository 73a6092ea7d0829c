package ch.tbd.kafka.backuprestore.format;

/**
 * What a backup object holds, read from its header without decoding the records.
 *
 * @param formatVersion version of the record schema the object was written with
 * @param minTimestamp  smallest record timestamp, or {@code null} when no record had one
 * @param maxTimestamp  largest record timestamp, or {@code null} when no record had one
 * @param dataLength    bytes that follow the header
 * @param dataCrc32c    CRC-32C of the bytes that follow the header
 * @param topicId       Kafka's id of the topic the records came from, which tells a topic from another of the same
 *                      name created after it was deleted; {@code null} when the backup did not know it
 */
public record ObjectSummary(
        int formatVersion,
        String topic,
        int partition,
        long firstOffset,
        long lastOffset,
        long recordCount,
        Long minTimestamp,
        Long maxTimestamp,
        String codec,
        long dataLength,
        long dataCrc32c,
        String topicId) {

    /** A summary without a topic id. */
    public ObjectSummary(int formatVersion, String topic, int partition, long firstOffset, long lastOffset,
            long recordCount, Long minTimestamp, Long maxTimestamp, String codec, long dataLength, long dataCrc32c) {
        this(formatVersion, topic, partition, firstOffset, lastOffset, recordCount, minTimestamp, maxTimestamp, codec,
                dataLength, dataCrc32c, null);
    }
}
