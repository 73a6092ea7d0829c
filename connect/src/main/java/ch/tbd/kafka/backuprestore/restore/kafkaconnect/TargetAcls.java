package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.kafka.AclApplier;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.topics.AclEntry;
import ch.tbd.kafka.backuprestore.topics.AclRestorePlan;
import ch.tbd.kafka.backuprestore.topics.GroupAcls;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the captured ACLs of the restored topics and groups, when {@code restore.acls.enabled} asks for it. A
 * binding that cannot be created is a warning that names it: a metadata problem does not stop the restore.
 */
final class TargetAcls {

    private static final Logger log = LoggerFactory.getLogger(TargetAcls.class);

    private TargetAcls() {}

    static void restore(RestoreSourceConfig config, List<TargetTopic> targets, ObjectStorage storage) {
        AclRestorePlan plan = plan(targets, storage, config);
        if (plan.isEmpty()) {
            log.info("{}: the backup holds no ACL binding for topics {} or the groups of {}", RestoreSourceConfig.ACLS,
                    targets.stream().map(TargetTopic::source).toList(), RestoreSourceConfig.CONSUMER_GROUPS);
            return;
        }
        try (Admin admin = config.targetCluster().createAdmin("kafka-backup-restore-acls")) {
            AclApplier.Outcome outcome = AclApplier.apply(admin, plan);
            outcome.created().forEach(binding -> log.info("Restored ACL binding: {}", binding.describe()));
            outcome.failed().forEach((binding, reason) -> log.warn("Could not restore ACL binding {}: {}",
                    binding.describe(), reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not restore the ACL bindings of topics {} on {}: {}. The restore of the records goes on;"
                    + " 'kafka-backup acls apply' restores them later", targets.stream().map(TargetTopic::target)
                    .toList(), config.targetCluster().bootstrapServers(), e.getMessage(), e);
        }
    }

    /** The bindings the backup holds for these targets and the groups the restore puts back. */
    static AclRestorePlan plan(List<TargetTopic> targets, ObjectStorage storage, RestoreSourceConfig config) {
        Map<String, TopicDefinition> definitions = new LinkedHashMap<>();
        Map<String, String> renames = new LinkedHashMap<>();
        for (TargetTopic target : targets) {
            target.definition().ifPresent(definition -> definitions.put(target.source(), definition));
            renames.put(target.source(), target.target());
        }
        config.topicMapping().targets().forEach(renames::putIfAbsent);
        List<AclEntry> groupAcls = config.restoresConsumerGroups()
                ? GroupAcls.latest(storage, config.storage().layout()).map(GroupAcls::acls).orElse(List.of())
                : List.of();
        return AclRestorePlan.of(definitions, renames, groupAcls, config.consumerGroups());
    }
}
