package ch.tbd.kafka.backuprestore.offsets;

import ch.tbd.kafka.backuprestore.backup.Coverage;
import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans where each group's committed offsets go after a restore: for every committed offset of a restored topic, its
 * {@link OffsetTranslator translation} through the offset map; for the others, why there is nothing to set.
 */
public final class OffsetsPlanner {

    private OffsetsPlanner() {}

    /**
     * @param targets  the restored topics: backed-up name to target name
     * @param runs     the offset map's runs of each backed-up partition
     * @param restored which original offsets of a partition the restore wrote records of
     */
    public static List<PlannedOffset> plan(List<CommittedOffset> offsets, Map<String, String> targets,
            Map<TopicPartitionId, List<OffsetRun>> runs, Function<TopicPartitionId, Coverage.GapCheck> restored) {
        List<PlannedOffset> planned = new ArrayList<>();
        for (CommittedOffset offset : offsets) {
            String target = targets.get(offset.topic());
            Translation translation;
            if (target == null) {
                translation = new Translation(Translation.Outcome.NOT_RESTORED, null, -1, -1, "topic "
                        + offset.topic() + " is not among the restored topics " + targets.keySet());
            } else {
                TopicPartitionId source = new TopicPartitionId(offset.topic(), offset.partition());
                List<OffsetRun> partitionRuns = runs.getOrDefault(source, List.of()).stream()
                        .filter(run -> run.targetTopic().equals(target)).toList();
                translation = partitionRuns.isEmpty()
                        ? new Translation(Translation.Outcome.NOT_RESTORED, target, offset.partition(), -1,
                                "the offset map holds nothing of " + offset.topic() + "-" + offset.partition()
                                        + " restored into " + target + ": the partition was not restored, or the"
                                        + " restore kept no offset map (restore.offset.map.topic)")
                        : OffsetTranslator.translate(offset.offset(), partitionRuns, restored.apply(source));
            }
            planned.add(new PlannedOffset(offset.group(), offset.topic(), offset.partition(), offset.offset(),
                    offset.metadata(), translation));
        }
        return planned;
    }
}
