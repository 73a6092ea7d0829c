package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffset;
import ch.tbd.kafka.backuprestore.offsets.CommittedOffsets;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsBackup;
import ch.tbd.kafka.backuprestore.offsets.OffsetRun;
import ch.tbd.kafka.backuprestore.offsets.OffsetsPlanner;
import ch.tbd.kafka.backuprestore.offsets.PlannedOffset;
import ch.tbd.kafka.backuprestore.offsets.RestoredRecords;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;

/**
 * Puts consumer groups back where they stood, after a restore: their committed offsets from the backup (as of a moment,
 * or the latest), translated through the restore's offset map into the restored topics, then set on the target
 * cluster. The same code behind {@code kafka-backup offsets plan|apply} and the restore connector's
 * {@code restore.consumer.groups}.
 */
public final class GroupOffsetsTranslation {

    private final ObjectStorage storage;
    private final BackupLayout layout;

    public GroupOffsetsTranslation(ObjectStorage storage, BackupLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /**
     * What the plan found and decided.
     *
     * @param asOf         the moment whose committed offsets were taken, {@link Long#MAX_VALUE} for the latest
     * @param absentGroups groups asked for by name that have no committed offset in the backup as of that moment
     */
    public record Plan(List<PlannedOffset> offsets, GroupOffsetsBackup.Source source, long unreadableRecords,
            long asOf, List<String> absentGroups) {

        /** Whether every group asked for by name was found and every offset found can be set. */
        public boolean complete() {
            return !offsets.isEmpty() && absentGroups.isEmpty()
                    && offsets.stream().allMatch(p -> p.translation().outcome().applicable());
        }

        /** "as of TIME", or "latest", for messages. */
        public String describeAsOf() {
            return asOf == Long.MAX_VALUE ? "latest" : "as of " + java.time.Instant.ofEpochMilli(asOf);
        }
    }

    /**
     * @param groups  which groups to translate
     * @param asOf    the moment whose committed offsets to take, {@link Long#MAX_VALUE} for the latest
     * @param targets the restored topics, backed-up name to target name
     * @param window  the restore's window, which says which records it wrote
     * @param target  how to reach the target cluster, which holds the offset map
     */
    public Plan plan(GroupFilter groups, long asOf, Map<String, String> targets, RestoreWindow window,
            Map<String, Object> target, String mapTopic) {
        GroupOffsetsBackup backup = new GroupOffsetsBackup(storage, layout);
        CommittedOffsets committed = backup.committedOffsets(groups, asOf);
        List<CommittedOffset> wanted = committed.offsets();
        Set<String> found = new TreeSet<>();
        wanted.forEach(o -> found.add(o.group()));
        List<String> absent = groups.names().stream().filter(name -> !found.contains(name)).sorted().toList();
        Map<TopicPartitionId, List<OffsetRun>> runs = wanted.isEmpty() ? Map.of()
                : OffsetMapReader.read(target, mapTopic, targets.keySet());
        List<PlannedOffset> planned = OffsetsPlanner.plan(wanted, targets, runs,
                new RestoredRecords(storage, layout, window)::of);
        return new Plan(planned, backup.source(), committed.unknownRecords(), asOf, absent);
    }

    /** Sets the planned offsets; see {@link GroupOffsetsApplier}. */
    public static List<GroupOffsetsApplier.Applied> apply(Admin admin, Plan plan, boolean force)
            throws InterruptedException {
        return new GroupOffsetsApplier(admin, force).apply(plan.offsets());
    }
}
