package ch.tbd.kafka.backuprestore.compact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The catch-up rule against a model of a compacted partition: records appended, a cleaner that removes records
 * superseded below a first uncleanable offset no higher than the last stable offset, and a builder reading from the
 * beginning meanwhile. Whenever the rule says complete, the builder holds, for every key, the latest value at or below
 * the point it is complete to.
 */
class CatchUpProperties {

    private static final int KEYS = 6;

    @Property(tries = 500)
    void shouldHoldTheLatestValueOfEveryKeyWhenComplete(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        Partition partition = new Partition();
        Map<Integer, Long> read = new HashMap<>();
        long readEnd = 0;
        for (int step = 0; step < 300; step++) {
            int action = random.nextInt(10);
            if (action < 4) {
                partition.append(random.nextInt(KEYS));
            } else if (action < 5) {
                partition.compact(random.nextInt((int) partition.end() + 1));
            } else if (action < 8) {
                Map.Entry<Long, Integer> next = partition.records.ceilingEntry(readEnd);
                if (next == null) {
                    readEnd = partition.end();
                } else {
                    read.put(next.getValue(), next.getKey());
                    readEnd = next.getKey() + 1;
                }
            } else {
                long lastStable = partition.end();
                long complete = CatchUp.completeUpTo(readEnd, lastStable, readEnd);
                if (complete >= 0) {
                    assertThat(latestBelow(read, complete)).as("keys read below %d", complete)
                            .isEqualTo(partition.latestEverBelow(complete));
                }
            }
        }
    }

    @Property(tries = 200)
    void shouldNotBeCompleteBeforeEverythingBelowTheLastStableOffsetIsReadAndStored(
            @ForAll @LongRange(min = 0, max = 1_000) long readEnd, @ForAll @LongRange(min = 0, max = 1_000) long stable,
            @ForAll @LongRange(min = 0, max = 1_000) long stored) {
        long complete = CatchUp.completeUpTo(readEnd, stable, stored);
        assertThat(complete >= 0).isEqualTo(readEnd >= stable && stored >= stable);
    }

    private static Map<Integer, Long> latestBelow(Map<Integer, Long> read, long end) {
        Map<Integer, Long> latest = new TreeMap<>();
        read.forEach((key, offset) -> {
            if (offset < end) {
                latest.put(key, offset);
            }
        });
        return latest;
    }

    /** A partition's records by offset, with every record ever appended remembered for the check. */
    private static final class Partition {
        final TreeMap<Long, Integer> records = new TreeMap<>();
        final List<Integer> history = new ArrayList<>();

        long end() {
            return history.size();
        }

        void append(int key) {
            records.put((long) history.size(), key);
            history.add(key);
        }

        /** Removes every record below {@code firstUncleanable} whose key has a newer record below it. */
        void compact(long firstUncleanable) {
            Map<Integer, Long> newest = new HashMap<>();
            records.headMap(firstUncleanable).forEach((offset, key) -> newest.put(key, offset));
            records.headMap(firstUncleanable).entrySet()
                    .removeIf(entry -> newest.get(entry.getValue()) > entry.getKey());
        }

        /** For each key, its newest offset below {@code end} among all records ever appended. */
        Map<Integer, Long> latestEverBelow(long end) {
            Map<Integer, Long> latest = new TreeMap<>();
            for (int offset = 0; offset < end; offset++) {
                latest.put(history.get(offset), (long) offset);
            }
            return latest;
        }
    }
}
