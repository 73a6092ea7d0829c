package ch.tbd.kafka.backuprestore.restore;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.BlockSpan;
import ch.tbd.kafka.backuprestore.format.ObjectHeader;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.List;

/**
 * What restoring a partition's plan would read and write, found without restoring it: the plan of a dry run.
 *
 * <p>Objects are judged by their headers, as {@link PartitionReader} judges them, and their records counted from the
 * header when the window keeps all of them. Only an object the window cuts through (by offset, by time, or by an overlap
 * with the object before) is read record by record, and only the blocks of it the restore would read, so that the
 * count is exactly what the restore would write.
 *
 * @param objects       the partition's objects in the backup
 * @param objectsToRead the objects the restore would read
 * @param bytesToRead   what the restore reads at most: the stored size of the objects it reads whole, and the header
 *                      and the blocks it needs of those the window cuts through
 * @param records       the records the restore would write
 * @param firstOffset   the original offset of the first of them, or -1 for none
 * @param lastOffset    the original offset of the last of them, or -1 for none
 */
public record RestorePreview(TopicPartitionId partition, int objects, int objectsToRead, long bytesToRead,
        long records, long firstOffset, long lastOffset) {

    public static RestorePreview of(ObjectStorage storage, PartitionRestorePlan plan) {
        RestoreWindow window = plan.window();
        long endOffset = window.offsetsFor(plan.partition()).to();
        long nextOffset = plan.nextOffset();
        int toRead = 0;
        long bytes = 0;
        long records = 0;
        long first = -1;
        long last = -1;
        List<BackupObjectRef> candidates = plan.objects().stream()
                .takeWhile(ref -> ref.startOffset() < endOffset).toList();
        try (HeaderReadAhead headers = HeaderReadAhead.of(storage, candidates)) {
            for (BackupObjectRef ref : candidates) {
                if (nextOffset >= endOffset) {
                    break;
                }
                ObjectHeader header = headers.next();
                ObjectSummary summary = header.summary();
                if (summary.recordCount() == 0 || summary.lastOffset() < nextOffset) {
                    continue;
                }
                if (!window.mayIncludeTimes(summary.minTimestamp(), summary.maxTimestamp())) {
                    nextOffset = Math.min(Math.max(nextOffset, summary.lastOffset() + 1), endOffset);
                    continue;
                }
                if (keepsAll(window, summary, nextOffset, endOffset)) {
                    toRead++;
                    bytes += ref.size();
                    records += summary.recordCount();
                    first = first < 0 ? summary.firstOffset() : first;
                    last = summary.lastOffset();
                    nextOffset = summary.lastOffset() + 1;
                    continue;
                }
                BlockSpan span = header.span(nextOffset, endOffset, window::mayIncludeTimes);
                if (span.isEmpty()) {
                    nextOffset = Math.min(Math.max(nextOffset, summary.lastOffset() + 1), endOffset);
                    continue;
                }
                toRead++;
                bytes += header.length() + span.length();
                try (BackupObjectReader reader = BackupObjectReader.open(
                        storage.getRange(ref.key(), span.start(), span.length()), header, span, ref.key(),
                        storage.keyRing())) {
                    while (reader.hasNext() && nextOffset < endOffset) {
                        BackupRecord record = reader.next();
                        if (record.offset() < nextOffset) {
                            continue;
                        }
                        if (record.offset() >= endOffset) {
                            break;
                        }
                        if (window.includes(record)) {
                            records++;
                            first = first < 0 ? record.offset() : first;
                            last = record.offset();
                        }
                        nextOffset = record.offset() + 1;
                    }
                }
                nextOffset = Math.min(Math.max(nextOffset, summary.lastOffset() + 1), endOffset);
            }
        }
        return new RestorePreview(plan.partition(), plan.objects().size(), toRead, bytes, records, first, last);
    }

    /** Whether the window keeps every record of the object, judged from its header alone. */
    private static boolean keepsAll(RestoreWindow window, ObjectSummary summary, long nextOffset, long endOffset) {
        if (summary.firstOffset() < nextOffset || summary.lastOffset() >= endOffset) {
            return false;
        }
        if (!window.hasTimeBounds()) {
            return true;
        }
        return summary.minTimestamp() != null && summary.maxTimestamp() != null
                && window.includesAllTimes(summary.minTimestamp(), summary.maxTimestamp());
    }
}
