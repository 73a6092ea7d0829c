package ch.tbd.kafka.backuprestore.retention;

import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.Incarnation;
import ch.tbd.kafka.backuprestore.format.ObjectSummary;
import ch.tbd.kafka.backuprestore.restore.BackupCatalog;
import ch.tbd.kafka.backuprestore.restore.BackupObjectRef;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Removes objects whose records are all older than their topic's retention, in any store, by their headers' record
 * timestamps rather than by when they were written ({@link SweepPlan} says which). Each partition it removes objects
 * from gets an {@link ExpiryMarker}, written before the first removal, so that the offsets removed read as expired
 * and never as lost, even when the sweep stops half way.
 */
public final class RetentionSweeper {

    /** One object removed, or that a dry run would remove. */
    public record Removal(String topic, int partition, String key, long firstOffset, long lastOffset,
            long newestTimestamp, long size) {}

    /** What a sweep removed (or would remove), in the order it did. */
    public record Report(List<Removal> removals, boolean dryRun) {

        public long bytes() {
            return removals.stream().mapToLong(Removal::size).sum();
        }
    }

    private final ObjectStorage storage;
    private final BackupLayout layout;
    private final Clock clock;

    public RetentionSweeper(ObjectStorage storage, BackupLayout layout, Clock clock) {
        this.storage = storage;
        this.layout = layout;
        this.clock = clock;
    }

    /**
     * Sweeps the given topics, each by its decided retention; topics whose decision does not expire are left alone.
     *
     * @param partitions which partitions of a topic to sweep (a backup task sweeps only its own)
     * @param dryRun     find the objects but remove nothing and record nothing
     * @param onRemoval  told of each object as it is removed (or found, in a dry run)
     */
    public Report sweep(Map<String, RetentionDecision> decisions, Function<String, IntPredicate> partitions,
            boolean dryRun, Consumer<Removal> onRemoval) {
        List<Removal> removals = new ArrayList<>();
        BackupCatalog catalog = new BackupCatalog(storage, layout);
        ExpiryMarkers markers = new ExpiryMarkers(storage, layout);
        long now = clock.millis();
        for (RetentionDecision decision : decisions.values()) {
            if (!decision.expires()) {
                continue;
            }
            long cutoff = now - TimeUnit.DAYS.toMillis(decision.days());
            IntPredicate selected = partitions.apply(decision.topic());
            for (Incarnation incarnation : catalog.incarnations(decision.topic())) {
                SortedMap<Integer, List<BackupObjectRef>> byPartition =
                        catalog.partitions(decision.topic(), Integer.toString(incarnation.number()));
                byPartition.forEach((partition, refs) -> {
                    if (selected.test(partition)) {
                        sweepPartition(decision, incarnation.number(), partition, refs, cutoff, now, dryRun,
                                markers, removal -> {
                                    removals.add(removal);
                                    onRemoval.accept(removal);
                                });
                    }
                });
            }
        }
        return new Report(List.copyOf(removals), dryRun);
    }

    private void sweepPartition(RetentionDecision decision, int incarnation, int partition, List<BackupObjectRef> refs,
            long cutoff, long now, boolean dryRun, ExpiryMarkers markers, Consumer<Removal> onRemoval) {
        Map<String, Long> sizes = new HashMap<>();
        refs.forEach(ref -> sizes.put(ref.key(), ref.size()));
        List<SweepPlan.Candidate> expired = SweepPlan.expired(refs.stream().map(BackupObjectRef::key).toList(),
                key -> candidate(key, sizes.get(key)), cutoff);
        if (expired.isEmpty()) {
            return;
        }
        if (!dryRun) {
            long keptFrom = refs.get(expired.size()).startOffset();
            long newest = expired.stream().mapToLong(SweepPlan.Candidate::maxTimestamp).max().orElseThrow();
            markers.record(new ExpiryMarker(ExpiryMarker.CURRENT_VERSION, decision.topic(), incarnation, partition,
                    keptFrom, newest, now, decision.days()));
        }
        for (SweepPlan.Candidate object : expired) {
            if (!dryRun) {
                storage.delete(object.key());
            }
            onRemoval.accept(new Removal(decision.topic(), partition, object.key(), object.firstOffset(),
                    object.lastOffset(), object.maxTimestamp(), object.size()));
        }
    }

    private SweepPlan.Candidate candidate(String key, long size) {
        ObjectSummary summary = BackupObjectReader.readSummary(storage, key, read -> { });
        return new SweepPlan.Candidate(key, summary.firstOffset(), summary.lastOffset(),
                summary.recordCount() == 0 ? null : summary.maxTimestamp(), size);
    }
}
