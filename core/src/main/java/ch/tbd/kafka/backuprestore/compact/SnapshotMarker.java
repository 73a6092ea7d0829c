package ch.tbd.kafka.backuprestore.compact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Says that one instance's snapshot of a compacted partition is complete: stored before the instance publishes that
 * its snapshot is complete, deleted before any of the snapshot's objects, so that a marker always stands for a whole
 * snapshot. Restores take, per partition, the newest generation marked.
 *
 * @param formatVersion version of this JSON shape
 * @param topic         the topic
 * @param partition     the partition
 * @param instance      the instance whose directory holds the snapshot
 * @param generation    the snapshot's generation: one higher for each snapshot built
 * @param completeUpTo  the offset the snapshot holds every key's latest value below ({@link CatchUp})
 * @param completedAt   when it was complete (epoch milliseconds)
 */
public record SnapshotMarker(int formatVersion, String topic, int partition, String instance, long generation,
        long completeUpTo, long completedAt) {

    static final int CURRENT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static SnapshotMarker of(String topic, int partition, String instance, long generation, long completeUpTo,
            long completedAt) {
        return new SnapshotMarker(CURRENT_VERSION, topic, partition, instance, generation, completeUpTo, completedAt);
    }

    /** Whether this snapshot replaces {@code other}: a newer generation, or by name for one generation twice. */
    boolean newerThan(SnapshotMarker other) {
        return generation != other.generation ? generation > other.generation
                : instance.compareTo(other.instance) < 0;
    }

    /** "snapshot 3 of backup-passivate, complete below offset 1200 since 2026-12-07T10:00:00Z". */
    public String describe() {
        return "snapshot " + generation + " of " + instance + ", complete below offset " + completeUpTo + " since "
                + Instant.ofEpochMilli(completedAt);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a snapshot marker as JSON", e);
        }
    }

    static SnapshotMarker fromJson(InputStream in, String name) throws IOException {
        SnapshotMarker marker;
        try {
            marker = JSON.readValue(in, SnapshotMarker.class);
        } catch (JsonProcessingException e) {
            throw new IOException("'" + name + "' is not a snapshot marker: " + e.getOriginalMessage(), e);
        }
        if (marker.formatVersion() > CURRENT_VERSION) {
            throw new IOException("'" + name + "' is a snapshot marker of format version " + marker.formatVersion()
                    + ", newer than this release reads (" + CURRENT_VERSION + "): upgrade Kafka Backup to read it");
        }
        return marker;
    }
}
