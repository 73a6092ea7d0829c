package ch.tbd.kafka.backuprestore.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Coverage against a model: a partition of random records (with offsets left empty, as markers and compaction leave
 * them) and random objects over it, some lost. Every record no object spans is reported, and nothing else is.
 */
class CoverageProperties {

    @Property(tries = 500)
    void shouldReportExactlyTheRecordsNoObjectSpans(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 200) int offsets) {
        Random random = new Random(seed);
        TreeSet<Long> records = new TreeSet<>();
        for (long offset = 0; offset < offsets; offset++) {
            if (random.nextInt(4) != 0) {
                records.add(offset);
            }
        }
        List<Coverage.Span> spans = new ArrayList<>();
        TreeSet<Long> spanned = new TreeSet<>();
        long start = 0;
        while (start < offsets) {
            long end = Math.min(offsets - 1, start + random.nextInt(20));
            // An object starts and ends at records; some objects are lost, some overlap the next.
            Long first = records.ceiling(start);
            Long last = records.floor(end);
            if (first != null && last != null && first <= last && random.nextInt(5) != 0) {
                spans.add(new Coverage.Span(first, last));
                for (long o = first; o <= last; o++) {
                    spanned.add(o);
                }
            }
            start = random.nextInt(6) == 0 ? Math.max(start + 1, end - 3) : end + 1;
        }
        long from = random.nextInt(Math.max(1, offsets / 3));
        Long last = records.floor((long) offsets - 1 - random.nextInt(3));
        long lastRecord = last == null ? -1 : last;

        List<Coverage.Missing> missing = Coverage.missing(spans, from, lastRecord,
                (a, b) -> {
                    Long first = records.ceiling(a);
                    return first != null && first <= b ? first : -1;
                });

        TreeSet<Long> reported = new TreeSet<>();
        missing.forEach(m -> {
            for (long o = m.from(); o <= m.to(); o++) {
                reported.add(o);
            }
        });
        TreeSet<Long> expectedLost = new TreeSet<>();
        for (long record : lastRecord < from ? new TreeSet<Long>() : records.subSet(from, true, lastRecord, true)) {
            if (!spanned.contains(record)) {
                expectedLost.add(record);
            }
        }
        // Every lost record is reported, each report starts at a lost record, and no report covers a spanned one.
        assertThat(reported).containsAll(expectedLost);
        assertThat(missing).allSatisfy(m -> assertThat(expectedLost).contains(m.from()));
        assertThat(reported).noneMatch(spanned::contains);
        assertThat(missing.isEmpty()).isEqualTo(expectedLost.isEmpty());
    }
}
