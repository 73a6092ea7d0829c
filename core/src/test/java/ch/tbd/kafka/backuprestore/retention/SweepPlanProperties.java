package ch.tbd.kafka.backuprestore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Sweep plans over random layouts of record timestamps, in order or not, with objects whose records have none: never
 * an object with a record inside the window, never the newest object, always a leading run, and as long a run as
 * those rules allow.
 */
class SweepPlanProperties {

    @Property(tries = 1000)
    void shouldRemoveOnlyALeadingRunOfObjectsOlderThanTheWindow(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        long cutoff = 1_000_000;
        List<String> keys = new ArrayList<>();
        Map<String, SweepPlan.Candidate> objects = new HashMap<>();
        long offset = 0;
        long time = cutoff - random.nextInt(500_000);
        for (int i = 0; i < random.nextInt(12); i++) {
            int records = 1 + random.nextInt(5);
            Long newest = null;
            if (random.nextInt(10) != 0) {
                // Timestamps mostly grow, but producers may set any.
                time += random.nextInt(200_000) - 50_000;
                newest = random.nextInt(8) == 0 ? cutoff + random.nextInt(1000) - 500 : time;
            }
            String key = "t-0-" + offset;
            keys.add(key);
            objects.put(key, new SweepPlan.Candidate(key, offset, offset + records - 1, newest, 100));
            offset += records + random.nextInt(2);
        }
        List<String> read = new ArrayList<>();

        List<SweepPlan.Candidate> expired = SweepPlan.expired(keys, key -> {
            read.add(key);
            return objects.get(key);
        }, cutoff);

        for (SweepPlan.Candidate candidate : expired) {
            assertThat(candidate.maxTimestamp()).as("no record inside the window").isNotNull().isLessThan(cutoff);
        }
        if (!keys.isEmpty()) {
            assertThat(expired).as("never the newest object").noneMatch(c -> c.key().equals(keys.get(keys.size() - 1)));
        }
        assertThat(expired.stream().map(SweepPlan.Candidate::key).toList()).as("a leading run")
                .isEqualTo(keys.subList(0, expired.size()));
        if (expired.size() < keys.size() - 1) {
            SweepPlan.Candidate next = objects.get(keys.get(expired.size()));
            assertThat(next.maxTimestamp() == null || next.maxTimestamp() >= cutoff)
                    .as("the run stops only at an object it must keep").isTrue();
        }
        assertThat(read.size()).as("no header read past the first object kept").isLessThanOrEqualTo(expired.size() + 1);
    }
}
