package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The translation against a brute-force oracle, over restores of random partitions: gaps in the original offsets (as
 * compaction, markers and aborted transactions leave them), a point-in-time window, transaction markers between the
 * restored records in the target, records written twice after a restart, and offset maps missing some runs.
 */
class OffsetTranslatorProperties {

    /** A restore: which original offsets it wrote, where each copy landed, and the runs the map kept. */
    private record Restore(TreeSet<Long> restored, TreeMap<Long, List<Long>> copies, List<OffsetRun> runs,
            boolean complete) {

        Coverage.GapCheck gapCheck() {
            return (from, to) -> {
                Long first = restored.ceiling(from);
                return first != null && first <= to ? first : -1;
            };
        }

        /** The target of the first restored record at or after {@code committed}, or after the last record. */
        long oracle(long committed) {
            Long first = restored.ceiling(committed);
            if (first == null) {
                return copies.values().stream().flatMap(List::stream).mapToLong(t -> t + 1).max().orElse(0);
            }
            return copies.get(first).stream().mapToLong(Long::longValue).min().orElseThrow();
        }
    }

    private static Restore restore(long seed, int records, boolean duplicates, boolean lostRuns) {
        Random random = new Random(seed);
        TreeSet<Long> restored = new TreeSet<>();
        long original = random.nextInt(50);
        for (int i = 0; i < records; i++) {
            restored.add(original);
            original += random.nextInt(4) == 0 ? 1 + random.nextInt(10) : 1;
        }
        // Target offsets in original order, with now and then a transaction marker in between.
        List<long[]> written = new ArrayList<>();
        long target = random.nextInt(20);
        for (long o : restored) {
            written.add(new long[] {o, target});
            target += random.nextInt(10) == 0 ? 2 : 1;
        }
        if (duplicates && !restored.isEmpty()) {
            // A restart wrote the records from some point again, after the ones written before.
            List<Long> originals = new ArrayList<>(restored);
            int from = random.nextInt(originals.size());
            for (long o : originals.subList(from, originals.size())) {
                written.add(new long[] {o, target++});
            }
        }
        TreeMap<Long, List<Long>> copies = new TreeMap<>();
        written.forEach(w -> copies.computeIfAbsent(w[0], o -> new ArrayList<>()).add(w[1]));
        // Runs as the restore's recorder makes them: consecutive originals landing on consecutive targets.
        List<OffsetRun> runs = new ArrayList<>();
        long runSource = -1;
        long runTarget = -1;
        long count = 0;
        boolean complete = !duplicates;
        for (long[] w : written) {
            if (count > 0 && w[0] == runSource + count && w[1] == runTarget + count) {
                count++;
                continue;
            }
            if (count > 0) {
                complete &= keep(runs, runSource, runTarget, count, lostRuns, random);
            }
            runSource = w[0];
            runTarget = w[1];
            count = 1;
        }
        if (count > 0) {
            complete &= keep(runs, runSource, runTarget, count, lostRuns, random);
        }
        return new Restore(restored, copies, runs, complete);
    }

    /** Adds the run to the map, unless it is lost; says whether it was kept. */
    private static boolean keep(List<OffsetRun> runs, long source, long target, long count, boolean lostRuns,
            Random random) {
        if (lostRuns && random.nextInt(5) == 0) {
            return false;
        }
        runs.add(new OffsetRun("orders", 3, source, "orders-restored", 3, target, count));
        return true;
    }

    @Property(tries = 400)
    void shouldBeExactWhenTheMapHoldsEveryRestoredRecord(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 120) int records) {
        Restore restore = restore(seed, records, false, false);
        long last = restore.restored().last();

        for (long committed = 0; committed <= last + 3; committed++) {
            Translation translation = OffsetTranslator.translate(committed, restore.runs(), restore.gapCheck());

            assertThat(translation.outcome()).as("outcome for %d", committed)
                    .isIn(Translation.Outcome.EXACT, Translation.Outcome.NEXT_RECORD,
                            Translation.Outcome.END_OF_PARTITION);
            assertThat(translation.offset()).as("translation of %d", committed).isEqualTo(restore.oracle(committed));
            assertThat(translation.outcome() == Translation.Outcome.EXACT)
                    .isEqualTo(restore.restored().contains(committed));
        }
    }

    @Property(tries = 400)
    void shouldNeverSkipARecordWhateverTheMapLacksOrHoldsTwice(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 120) int records, @ForAll boolean duplicates, @ForAll boolean lostRuns) {
        Restore restore = restore(seed, records, duplicates, lostRuns);
        long last = restore.restored().last();

        for (long committed = 0; committed <= last + 3; committed++) {
            Translation translation = OffsetTranslator.translate(committed, restore.runs(), restore.gapCheck());
            Statistics.label("outcome").collect(translation.outcome());
            if (!translation.outcome().applicable()) {
                assertThat(restore.runs()).isEmpty();
                continue;
            }
            long position = translation.offset() == Translation.EARLIEST ? Long.MIN_VALUE : translation.offset();
            // Every restored record the group had not consumed has a copy at or after the position.
            for (long pending : restore.restored().tailSet(committed)) {
                assertThat(restore.copies().get(pending)).as("copies of %d, the group placed at %d for %d",
                        pending, position, committed).anyMatch(copy -> copy >= position);
            }
            if (restore.complete()) {
                assertThat(translation.offset()).isEqualTo(restore.oracle(committed));
            }
        }
    }
}
