package ch.tbd.kafka.backuprestore.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The committed offsets of consumer groups at one moment, as the Admin API tells them ({@code listConsumerGroups},
 * {@code listConsumerGroupOffsets}): the way to back up group positions where {@code __consumer_offsets} cannot be
 * read (managed clusters, strict ACLs). Stored as a small JSON document in the backup location:
 *
 * <pre>{"formatVersion": 1, "capturedAt": 1795601730000, "source": "admin-api", "cluster": "kafka:9092",
 *  "offsets": [{"group": "billing", "topic": "orders", "partition": 0, "offset": 4242, "leaderEpoch": 5,
 *               "metadata": "", "commitTimestamp": 1795601730000}]}</pre>
 *
 * @param capturedAt when the offsets were read, in epoch milliseconds
 * @param source     how they were captured, {@value #ADMIN_API}
 * @param cluster    the bootstrap servers they were read from, for people
 */
public record GroupOffsetsSnapshot(int formatVersion, long capturedAt, String source, String cluster,
        List<CommittedOffset> offsets) {

    public static final String ADMIN_API = "admin-api";
    static final int CURRENT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static GroupOffsetsSnapshot of(long capturedAt, String cluster, List<CommittedOffset> offsets) {
        return new GroupOffsetsSnapshot(CURRENT_VERSION, capturedAt, ADMIN_API, cluster, List.copyOf(offsets));
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a group offsets snapshot as JSON", e);
        }
    }

    /**
     * @param name the object's key, for the message when it is not a snapshot this release reads
     */
    public static GroupOffsetsSnapshot fromJson(InputStream in, String name) throws IOException {
        GroupOffsetsSnapshot snapshot;
        try {
            snapshot = JSON.readValue(in, GroupOffsetsSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IOException("'" + name + "' is not a consumer-group offsets snapshot: " + e.getOriginalMessage(),
                    e);
        }
        if (snapshot.formatVersion() > CURRENT_VERSION) {
            throw new IOException("'" + name + "' is a snapshot of format version " + snapshot.formatVersion()
                    + ", newer than this release reads (" + CURRENT_VERSION + "): upgrade Kafka Backup to read it");
        }
        return snapshot;
    }
}
