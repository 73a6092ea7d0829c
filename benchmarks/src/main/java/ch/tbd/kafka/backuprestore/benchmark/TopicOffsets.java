package ch.tbd.kafka.backuprestore.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** End offsets of topics and committed offsets of consumer groups, which tell when a backup or restore is done. */
final class TopicOffsets implements AutoCloseable {

    private final Admin admin;

    TopicOffsets(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    Map<TopicPartition, Long> endOffsets(String topic) throws InterruptedException, ExecutionException,
            TimeoutException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            offsets.put(entry.getKey(), entry.getValue().offset());
        }
        return offsets;
    }

    /** The sum of a topic's end offsets, or 0 while the topic does not exist yet. */
    long recordCount(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
    }

    /** Whether the group has committed, for every partition, at least the given offset. */
    boolean committedReach(String group, Map<TopicPartition, Long> offsets) throws InterruptedException,
            ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, Long> end : offsets.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close();
    }
}
