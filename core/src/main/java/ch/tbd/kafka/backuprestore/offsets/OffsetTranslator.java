package ch.tbd.kafka.backuprestore.offsets;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import java.util.Comparator;
import java.util.List;

/**
 * Translates a group's committed offset of a backed-up partition into the restored partition, exactly: the target
 * offset of the first restored record whose original offset is at or after the committed one, or the end of the
 * restored records when there is none. Gaps in the original offsets (compaction, transaction markers, aborted
 * records, a point-in-time window) are no approximation: the offset map says which records the restore wrote where.
 *
 * <p>The map may lack the runs of a restore task's last batch before it stopped. Where the committed offset falls
 * into offsets the map does not cover, the backup (as far as the restore wrote it) says whether restored records lie
 * there; if some do, the group is placed before them and re-reads at most those records, and the translation says so.
 * A restore that wrote some records twice (at least once, without exactly-once support) has two runs for them: the
 * earlier copy is taken, which re-reads duplicates but never skips.
 */
public final class OffsetTranslator {

    private OffsetTranslator() {}

    /**
     * @param committed the group's committed offset of the backed-up partition
     * @param runs      the partition's runs from the offset map, in any order
     * @param restored  answers which original offsets the restore wrote records of: the backup's records, within the
     *                  restore's window
     */
    public static Translation translate(long committed, List<OffsetRun> runs, Coverage.GapCheck restored) {
        if (runs.isEmpty()) {
            return new Translation(Translation.Outcome.NOT_RESTORED, null, -1, -1,
                    "no record of this partition was restored (not in the restore, or the offset map is missing)");
        }
        OffsetRun first = runs.get(0);
        if (runs.stream().anyMatch(r -> r.targetPartition() != first.targetPartition()
                || !r.targetTopic().equals(first.targetTopic()))) {
            return new Translation(Translation.Outcome.SPREAD_OVER_PARTITIONS, first.targetTopic(), -1, -1,
                    "the restore spread the partition's records over several target partitions (repartitioned by"
                            + " key): no single offset places the group");
        }
        String topic = first.targetTopic();
        int partition = first.targetPartition();
        OffsetRun containing = null;
        OffsetRun next = null;
        OffsetRun previous = null;
        for (OffsetRun run : runs) {
            if (run.sourceOffset() <= committed && committed < run.sourceEnd()) {
                if (containing == null || targetOf(run, committed) < targetOf(containing, committed)) {
                    containing = run;
                }
            } else if (run.sourceOffset() > committed) {
                if (next == null || run.sourceOffset() < next.sourceOffset()
                        || (run.sourceOffset() == next.sourceOffset() && run.targetOffset() < next.targetOffset())) {
                    next = run;
                }
            } else if (previous == null || run.sourceEnd() > previous.sourceEnd()
                    || (run.sourceEnd() == previous.sourceEnd() && run.targetEnd() < previous.targetEnd())) {
                previous = run;
            }
        }
        if (containing != null) {
            return new Translation(Translation.Outcome.EXACT, topic, partition, targetOf(containing, committed),
                    "the record at the committed offset was restored there");
        }
        long unmappedUpTo = next == null ? Long.MAX_VALUE : next.sourceOffset() - 1;
        long mappedFrom = previous == null ? 0 : previous.sourceEnd();
        if (next != null && restored.firstRecord(committed, unmappedUpTo) < 0) {
            return new Translation(Translation.Outcome.NEXT_RECORD, topic, partition, next.targetOffset(),
                    "no record was restored at offsets " + committed + ".." + unmappedUpTo + ": the next restored"
                            + " record, original offset " + next.sourceOffset());
        }
        if (next == null) {
            long end = runs.stream().mapToLong(OffsetRun::targetEnd).max().orElseThrow();
            long unmapped = restored.firstRecord(mappedFrom, Long.MAX_VALUE);
            if (unmapped < 0) {
                return new Translation(Translation.Outcome.END_OF_PARTITION, topic, partition, end,
                        "no record at or after the committed offset was restored: after the last restored record");
            }
            return new Translation(Translation.Outcome.REREADS, topic, partition, previous == null
                    ? Translation.EARLIEST : previous.targetEnd(), "the offset map lacks the restored records from"
                    + " original offset " + unmapped + " on: placed after the last mapped record before them, the"
                    + " group re-reads at most those");
        }
        // Restored records lie between the committed offset and the next mapped run, and the map does not say where.
        return new Translation(Translation.Outcome.REREADS, topic, partition, previous == null
                ? Translation.EARLIEST : previous.targetEnd(), "the offset map lacks restored records between original"
                + " offsets " + mappedFrom + " and " + next.sourceOffset() + ": placed after the last mapped record"
                + " before them, the group re-reads at most those");
    }

    private static long targetOf(OffsetRun run, long sourceOffset) {
        return run.targetOffset() + (sourceOffset - run.sourceOffset());
    }

    /** Runs in original-offset order. */
    static final Comparator<OffsetRun> BY_SOURCE_OFFSET = Comparator.comparingLong(OffsetRun::sourceOffset);
}
