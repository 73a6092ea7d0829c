package ch.tbd.kafka.backuprestore.restore;

/**
 * What a {@link PartitionReader} has done so far.
 *
 * @param objectsRead      objects whose data was opened
 * @param objectsSkipped   objects passed over on their name or header alone
 * @param headerBytesRead  bytes read by header-only range reads
 * @param dataBytesRead    bytes read from whole-object streams, headers included
 * @param recordsEmitted   records handed to the caller
 */
public record ReadCounters(long objectsRead, long objectsSkipped, long headerBytesRead, long dataBytesRead,
        long recordsEmitted) {}
