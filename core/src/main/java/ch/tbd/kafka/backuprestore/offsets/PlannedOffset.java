package ch.tbd.kafka.backuprestore.offsets;

/**
 * A group's committed offset of a backed-up partition and where it lands in the restored partition.
 *
 * @param committed the offset the group had committed on the backed-up partition
 */
public record PlannedOffset(String group, String sourceTopic, int sourcePartition, long committed,
        Translation translation) {}
