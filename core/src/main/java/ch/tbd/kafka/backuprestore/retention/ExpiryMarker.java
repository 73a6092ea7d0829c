package ch.tbd.kafka.backuprestore.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * What retention removed from one partition's backup: every object holding offsets below {@code expiredBefore}, so
 * that a restore, {@code describe} and {@code verify} can tell offsets that expired from offsets that are lost. Kept
 * in the backup location under {@code ~retention/}, outside any topic's directory, so that lifecycle rules filtered on
 * a topic's prefix never expire it.
 *
 * @param formatVersion     version of this JSON shape
 * @param topic             the topic
 * @param incarnation       which incarnation of the topic ({@link ch.tbd.kafka.backuprestore.format.Incarnation})
 * @param partition         the partition
 * @param expiredBefore     the first offset that retention kept; every offset below it was removed
 * @param newestExpiredTime the newest record timestamp among the objects removed (epoch milliseconds)
 * @param sweptAt           when objects were last removed (epoch milliseconds)
 * @param retentionDays     the retention they were removed under
 */
public record ExpiryMarker(int formatVersion, String topic, int incarnation, int partition, long expiredBefore,
        long newestExpiredTime, long sweptAt, int retentionDays) {

    static final int CURRENT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** This marker after a later sweep: the furthest point either reached. */
    ExpiryMarker mergedWith(ExpiryMarker later) {
        return new ExpiryMarker(CURRENT_VERSION, topic, incarnation, partition,
                Math.max(expiredBefore, later.expiredBefore), Math.max(newestExpiredTime, later.newestExpiredTime),
                Math.max(sweptAt, later.sweptAt), later.retentionDays);
    }

    /** "offsets before 1200 expired (removed by retention on 2026-12-07T12:00:00Z, 7 days)". */
    public String describe() {
        return "offsets before " + expiredBefore + " expired (removed by retention of "
                + RetentionDecision.days(retentionDays) + " on " + Instant.ofEpochMilli(sweptAt) + ")";
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a retention marker as JSON", e);
        }
    }

    static ExpiryMarker fromJson(InputStream in, String name) throws IOException {
        ExpiryMarker marker;
        try {
            marker = JSON.readValue(in, ExpiryMarker.class);
        } catch (JsonProcessingException e) {
            throw new IOException("'" + name + "' is not a retention marker: " + e.getOriginalMessage(), e);
        }
        if (marker.formatVersion() > CURRENT_VERSION) {
            throw new IOException("'" + name + "' is a retention marker of format version " + marker.formatVersion()
                    + ", newer than this release reads (" + CURRENT_VERSION + "): upgrade Kafka Backup to read it");
        }
        return marker;
    }
}
