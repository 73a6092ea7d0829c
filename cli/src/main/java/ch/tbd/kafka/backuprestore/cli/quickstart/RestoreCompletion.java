package ch.tbd.kafka.backuprestore.cli.quickstart;

import ch.tbd.kafka.backuprestore.cli.embedded.EmbeddedConnect;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;

/**
 * Whether the restore connector has restored every backed-up partition, read from its source offsets as
 * {@code GET /connectors/{name}/offsets} shows them: one per partition, with {@code "complete": true} at the end.
 */
final class RestoreCompletion {

    private final EmbeddedConnect connect;
    private final String connector;
    private final String topic;
    private final Set<Integer> partitions;
    private volatile ConnectorOffsets lastSeen;

    RestoreCompletion(EmbeddedConnect connect, String connector, String topic, Set<Integer> partitions) {
        this.connect = connect;
        this.connector = connector;
        this.topic = topic;
        this.partitions = Set.copyOf(partitions);
    }

    boolean isComplete() {
        connect.checkNotFailed(connector);
        ConnectorOffsets offsets = connect.offsets(connector);
        lastSeen = offsets;
        Set<Integer> complete = new HashSet<>();
        for (ConnectorOffset offset : offsets.offsets()) {
            if (topic.equals(offset.partition().get("topic")) && offset.offset() != null
                    && Boolean.TRUE.equals(offset.offset().get("complete"))
                    && offset.partition().get("partition") instanceof Number partition) {
                complete.add(partition.intValue());
            }
        }
        return complete.containsAll(partitions);
    }

    String lastSeen() {
        return lastSeen == null ? "no offsets read yet" : lastSeen.toString();
    }
}
