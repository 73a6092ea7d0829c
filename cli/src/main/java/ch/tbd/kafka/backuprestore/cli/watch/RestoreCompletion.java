package ch.tbd.kafka.backuprestore.cli.watch;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedConnect;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;

/**
 * How far the restore connector has come, read from its source offsets as {@code GET /connectors/{name}/offsets} shows
 * them: one per backed-up partition, with records and bytes done and to do, and {@code "complete": true} at the end.
 */
public final class RestoreCompletion {

    private final EmbeddedConnect connect;
    private final String connector;
    private final Set<TopicPartitionId> partitions;
    private volatile ConnectorOffsets lastSeen;

    public RestoreCompletion(EmbeddedConnect connect, String connector, Set<TopicPartitionId> partitions) {
        this.connect = connect;
        this.connector = connector;
        this.partitions = Set.copyOf(partitions);
    }

    /** Reads the offsets again; fails when the connector or a task has failed. */
    public boolean isComplete() {
        connect.checkNotFailed(connector);
        ConnectorOffsets offsets = connect.offsets(connector);
        lastSeen = offsets;
        Set<TopicPartitionId> complete = new HashSet<>();
        for (ConnectorOffset offset : offsets.offsets()) {
            if (Boolean.TRUE.equals(value(offset, "complete")) && partition(offset) instanceof TopicPartitionId tp) {
                complete.add(tp);
            }
        }
        return complete.containsAll(partitions);
    }

    /** Records and bytes restored and to restore, as of the last {@link #isComplete()}. */
    public Progress progress() {
        ConnectorOffsets offsets = lastSeen;
        long records = 0;
        long totalRecords = 0;
        long bytes = 0;
        long totalBytes = 0;
        boolean totalsKnown = true;
        if (offsets != null) {
            for (ConnectorOffset offset : offsets.offsets()) {
                if (partitions.contains(partition(offset))) {
                    records += number(offset, "records");
                    totalRecords += number(offset, "total.records");
                    bytes += number(offset, "bytes");
                    totalBytes += number(offset, "total.bytes");
                    // A task still counting a partition's objects reports its totals as -1.
                    totalsKnown &= number(offset, "total.records") >= 0 && number(offset, "total.bytes") >= 0;
                }
            }
        }
        // Partitions not started yet have no offsets: their totals are unknown until then.
        boolean allSeen = offsets != null && offsets.offsets().stream()
                .filter(o -> partitions.contains(partition(o))).count() == partitions.size();
        boolean totals = allSeen && totalsKnown;
        return new Progress(records, totals ? totalRecords : -1, bytes, totals ? totalBytes : -1);
    }

    /** What a partition's source offset says, as of the last {@link #isComplete()}. */
    public record PartitionState(long records, boolean complete, long skippedObjects, String skippedOffsets) {}

    /** Each partition's state, as of the last {@link #isComplete()}. */
    public Map<TopicPartitionId, PartitionState> partitionStates() {
        Map<TopicPartitionId, PartitionState> states = new java.util.HashMap<>();
        ConnectorOffsets offsets = lastSeen;
        if (offsets != null) {
            for (ConnectorOffset offset : offsets.offsets()) {
                if (partition(offset) instanceof TopicPartitionId tp && partitions.contains(tp)) {
                    Object ranges = value(offset, "skipped.offsets");
                    states.put(tp, new PartitionState(number(offset, "records"),
                            Boolean.TRUE.equals(value(offset, "complete")), number(offset, "skipped.objects"),
                            ranges == null ? "" : ranges.toString()));
                }
            }
        }
        return states;
    }

    public String lastSeen() {
        return lastSeen == null ? "no offsets read yet" : lastSeen.toString();
    }

    private static Object partition(ConnectorOffset offset) {
        Map<String, ?> partition = offset.partition();
        if (partition.get("topic") instanceof String topic && partition.get("partition") instanceof Number number) {
            return new TopicPartitionId(topic, number.intValue());
        }
        return null;
    }

    private static Object value(ConnectorOffset offset, String key) {
        return offset.offset() == null ? null : offset.offset().get(key);
    }

    private static long number(ConnectorOffset offset, String key) {
        return value(offset, key) instanceof Number number ? number.longValue() : 0;
    }
}
