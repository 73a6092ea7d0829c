package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Spreads backed-up partitions over tasks: never more tasks than partitions, and task sizes that differ by one at most,
 * whatever the mix of topics. The assignment travels in each task's configuration as {@code TOPIC:PARTITION,...}.
 */
final class PartitionAssignment {

    static final String TASK_PARTITIONS = "restore.task.partitions";
    static final String TASK_ID = "restore.task.id";

    private PartitionAssignment() {}

    static List<List<TopicPartitionId>> spread(List<TopicPartitionId> partitions, int maxTasks) {
        List<TopicPartitionId> sorted = new ArrayList<>(partitions);
        // Partition number first, so that each topic's partitions go to different tasks.
        sorted.sort(Comparator.comparingInt(TopicPartitionId::partition).thenComparing(TopicPartitionId::topic));
        int tasks = Math.min(maxTasks, sorted.size());
        List<List<TopicPartitionId>> assignment = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            assignment.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            assignment.get(i % tasks).add(sorted.get(i));
        }
        return assignment;
    }

    static String format(List<TopicPartitionId> partitions) {
        return String.join(",", partitions.stream().map(tp -> tp.topic() + ":" + tp.partition()).toList());
    }

    static List<TopicPartitionId> parse(String text) {
        List<TopicPartitionId> partitions = new ArrayList<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            partitions.add(new TopicPartitionId(entry.substring(0, colon).trim(),
                    Integer.parseInt(entry.substring(colon + 1).trim())));
        }
        return partitions;
    }
}
