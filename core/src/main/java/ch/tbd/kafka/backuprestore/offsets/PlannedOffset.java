package ch.tbd.kafka.backuprestore.offsets;

/**
 * A group's committed offset of a backed-up partition and where it lands in the restored partition.
 *
 * @param committed the offset the group had committed on the backed-up partition
 * @param metadata the metadata the group committed with it, which goes with the translated offset (applications such
 *     as Kafka Streams keep state of their own there)
 */
public record PlannedOffset(String group, String sourceTopic, int sourcePartition, long committed, String metadata,
        Translation translation) {}
