package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.offsets.PlannedOffset;
import ch.tbd.kafka.backuprestore.offsets.Translation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Sets consumer groups' offsets on the target cluster as planned, through the Admin API: only for groups with no
 * active member (a member's own commits would race with ours), and never backwards unless forced. Every partition
 * ends up in the report, set or not and why; a group is set whole or not at all.
 */
public final class GroupOffsetsApplier {

    private static final long TIMEOUT_SECONDS = 60;

    /** What happened to one planned offset. */
    public record Applied(PlannedOffset planned, boolean set, long previous, long offset, String why) {}

    private final Admin admin;
    private final boolean force;

    /** @param force move a group's offset back too, when the plan's is below the one it has */
    public GroupOffsetsApplier(Admin admin, boolean force) {
        this.admin = admin;
        this.force = force;
    }

    public List<Applied> apply(List<PlannedOffset> plan) throws InterruptedException {
        Map<String, List<PlannedOffset>> byGroup = new TreeMap<>();
        plan.forEach(p -> byGroup.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p));
        List<Applied> applied = new ArrayList<>();
        for (Map.Entry<String, List<PlannedOffset>> group : byGroup.entrySet()) {
            applied.addAll(applyGroup(group.getKey(), group.getValue()));
        }
        return applied;
    }

    private List<Applied> applyGroup(String group, List<PlannedOffset> planned) throws InterruptedException {
        List<Applied> result = new ArrayList<>();
        try {
            int members = activeMembers(group);
            if (members > 0) {
                for (PlannedOffset p : planned) {
                    result.add(new Applied(p, false, -1, -1, "group " + group + " has " + members + " active"
                            + " member(s): stop its consumers, then apply again"));
                }
                return result;
            }
            Map<TopicPartition, OffsetAndMetadata> current = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> toSet = new HashMap<>();
            Map<TopicPartition, Long> earliest = earliestOffsets(planned);
            for (PlannedOffset p : planned) {
                Translation t = p.translation();
                if (!t.outcome().applicable()) {
                    result.add(new Applied(p, false, -1, -1, t.detail()));
                    continue;
                }
                TopicPartition target = new TopicPartition(t.targetTopic(), t.targetPartition());
                long offset = t.offset() == Translation.EARLIEST ? earliest.get(target) : t.offset();
                OffsetAndMetadata previous = current == null ? null : current.get(target);
                if (previous != null && previous.offset() > offset && !force) {
                    result.add(new Applied(p, false, previous.offset(), offset, "the group is at " + previous.offset()
                            + " already, after " + offset + ": not moved back (--force or"
                            + " restore.consumer.groups.force=true moves it)"));
                    continue;
                }
                // The leader epoch is the backed-up cluster's and means nothing on the target: left out.
                toSet.put(target, new OffsetAndMetadata(offset, p.metadata() == null ? "" : p.metadata()));
                result.add(new Applied(p, true, previous == null ? -1 : previous.offset(), offset, t.detail()));
            }
            if (!toSet.isEmpty()) {
                admin.alterConsumerGroupOffsets(group, toSet).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            result.clear();
            for (PlannedOffset p : planned) {
                result.add(new Applied(p, false, -1, -1, "setting the offsets of group " + group + " failed, none"
                        + " was set: " + cause));
            }
        }
        return result;
    }

    private int activeMembers(String group) throws ExecutionException, TimeoutException, InterruptedException {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return description.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    /** The start of each target partition a plan places a group at the beginning of. */
    private Map<TopicPartition, Long> earliestOffsets(List<PlannedOffset> planned)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (PlannedOffset p : planned) {
            Translation t = p.translation();
            if (t.outcome().applicable() && t.offset() == Translation.EARLIEST) {
                specs.put(new TopicPartition(t.targetTopic(), t.targetPartition()), OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, Long> earliest = new HashMap<>();
        if (!specs.isEmpty()) {
            admin.listOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((tp, info) -> earliest.put(tp, info.offset()));
        }
        return earliest;
    }
}
