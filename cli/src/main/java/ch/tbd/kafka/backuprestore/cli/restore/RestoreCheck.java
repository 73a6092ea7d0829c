package ch.tbd.kafka.backuprestore.cli.restore;

import ch.tbd.kafka.backuprestore.backup.TopicPartitionId;
import ch.tbd.kafka.backuprestore.cli.watch.RestoreCompletion;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a finished restore is checked against before the command says it is complete: the plan it announced, the
 * restore's own account (records written per partition, damaged objects skipped, records the worker failed to write),
 * and the target topics, which must have grown by at least the records planned.
 */
final class RestoreCheck {

    private final Map<String, String> clientProps;
    private final RestorePlan plan;
    private final boolean fresh;
    private final Map<String, Long> endsBefore;

    private RestoreCheck(Map<String, String> clientProps, RestorePlan plan, boolean fresh,
            Map<String, Long> endsBefore) {
        this.clientProps = clientProps;
        this.plan = plan;
        this.fresh = fresh;
        this.endsBefore = endsBefore;
    }

    /**
     * Notes the target topics' end offsets before the restore writes.
     *
     * @param fresh whether no earlier run of this restore wrote records already (no state carried over), so that the
     *              targets must grow by all the records planned
     */
    static RestoreCheck before(Map<String, String> clientProps, RestorePlan plan, boolean fresh) {
        return new RestoreCheck(clientProps, plan, fresh, endOffsets(clientProps, plan.targetTopics()));
    }

    /** Records the worker dropped under errors.tolerance=all, as the restore tasks' JMX beans count them. */
    static long failedWrites(String connector) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long failed = 0;
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.backup:type=restore-task,connector="
                    + ObjectName.quote(connector) + ",task=*"), null)) {
                failed += ((Number) server.getAttribute(name, "FailedWrites")).longValue();
            }
        } catch (JMException e) {
            throw new IllegalStateException("Cannot read the restore tasks' counters: " + e, e);
        }
        return failed;
    }

    /** What the restore did not do as planned, one line each; empty when it did all of it. */
    List<String> problems(RestoreCompletion completion, long failedWrites) {
        List<String> problems = new ArrayList<>();
        Map<TopicPartitionId, RestoreCompletion.PartitionState> states = completion.partitionStates();
        for (RestorePlan.Entry entry : plan.entries()) {
            TopicPartitionId source = entry.preview().partition();
            RestoreCompletion.PartitionState state = states.get(source);
            String name = source.topic() + "-" + source.partition();
            if (state == null) {
                problems.add(name + ": the restore reported nothing for this partition");
                continue;
            }
            if (state.skippedObjects() > 0) {
                problems.add(name + ": " + state.skippedObjects() + " damaged object(s) skipped, offsets "
                        + state.skippedOffsets() + " not restored");
            }
            // More than planned is no loss: a backup that grew since the plan was made.
            if (state.records() < entry.preview().records()) {
                problems.add(name + ": " + state.records() + " records restored, " + entry.preview().records()
                        + " planned");
            }
        }
        if (failedWrites > 0) {
            problems.add(failedWrites + " record(s) the worker failed to write (errors.tolerance=all); the log names"
                    + " each with its original offset");
        }
        if (fresh) {
            Map<String, Long> endsAfter = endOffsets(clientProps, plan.targetTopics());
            plan.recordsByTarget().forEach((topic, planned) -> {
                long grown = endsAfter.getOrDefault(topic, 0L) - endsBefore.getOrDefault(topic, 0L);
                if (grown < planned) {
                    problems.add("target topic " + topic + " has grown by " + grown + " offsets, but " + planned
                            + " records were planned for it");
                }
            });
        }
        return problems;
    }

    /** The sum of each topic's partitions' end offsets; 0 for a topic that does not exist. */
    private static Map<String, Long> endOffsets(Map<String, String> clientProps, Set<String> topics) {
        Map<String, Object> config = new HashMap<>(clientProps);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-backup-restore-check");
        Map<String, Long> ends = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                ends.put(topic, 0L);
                existing.getOrDefault(topic, List.of())
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.endOffsets(partitions).forEach((tp, end) -> ends.merge(tp.topic(), end, Long::sum));
        }
        return ends;
    }
}
