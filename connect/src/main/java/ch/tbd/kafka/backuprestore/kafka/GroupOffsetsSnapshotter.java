package ch.tbd.kafka.backuprestore.kafka;

import ch.tbd.kafka.backuprestore.offsets.CommittedOffset;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.offsets.GroupOffsetsSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads consumer groups' committed offsets through the Admin API, for clusters whose {@code __consumer_offsets} a
 * connector may not read: every group but the excluded ones, and of each only the partitions of the topics asked for.
 */
public final class GroupOffsetsSnapshotter {

    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;
    private final String cluster;

    /** @param cluster the bootstrap servers, recorded in the snapshot for people */
    public GroupOffsetsSnapshotter(Admin admin, String cluster) {
        this.admin = admin;
        this.cluster = cluster;
    }

    public GroupOffsetsSnapshot snapshot(GroupFilter excluded, Predicate<String> topics, long now)
            throws ExecutionException, TimeoutException, InterruptedException {
        Collection<ConsumerGroupListing> listings = admin.listConsumerGroups().all().get(TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        for (ConsumerGroupListing listing : listings) {
            if (!excluded.matches(listing.groupId())) {
                specs.put(listing.groupId(), new ListConsumerGroupOffsetsSpec());
            }
        }
        List<CommittedOffset> offsets = new ArrayList<>();
        if (!specs.isEmpty()) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> all = admin.listConsumerGroupOffsets(specs)
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            all.forEach((group, partitions) -> partitions.forEach((tp, committed) -> {
                if (committed != null && topics.test(tp.topic())) {
                    offsets.add(new CommittedOffset(group, tp.topic(), tp.partition(), committed.offset(),
                            committed.leaderEpoch().orElse(-1), committed.metadata(), now));
                }
            }));
        }
        offsets.sort((a, b) -> a.key().compareTo(b.key()));
        return GroupOffsetsSnapshot.of(now, cluster, offsets);
    }
}
