package ch.tbd.kafka.backuprestore.cli.restore;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConfig;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.TargetTopic;
import ch.tbd.kafka.backuprestore.topics.TopicCreationPlan;
import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * The part of a dry run that says how missing target topics would be created: from the same captured definitions and
 * the same plan as the restore connector, without the target's broker count, which only the restore sees.
 */
final class TargetTopicsPreview {

    private TargetTopicsPreview() {}

    static void print(PrintWriter out, OpenBackup backup, RestoreSourceConfig config, RestorePlan plan) {
        List<TargetTopic> targets = TargetTopic.of(backup.storage(), backup.layout(), config.topicMapping(),
                plan.listings(), config.window());
        out.println("Target topics, created when missing with:");
        for (TargetTopic target : targets) {
            TopicCreationPlan creation;
            try {
                creation = TopicCreationPlan.of(target.target(), target.definition(), target.partitionsNeeded(),
                        config.topicConfigRules(), config.getShort(RestoreSourceConfig.TOPIC_REPLICATION_FACTOR),
                        OptionalInt.empty());
            } catch (IllegalArgumentException e) {
                out.println("  " + target.target() + ": " + e.getMessage());
                continue;
            }
            out.println("  " + target.target() + ": " + creation.describe() + target.definition()
                    .map(definition -> " (definition captured " + definition.capturedAt() + ")").orElse(""));
            creation.dropped().forEach(dropped -> out.println("    not set: " + dropped.describe()));
            creation.warnings().forEach(warning -> out.println("    " + warning));
            creation.notes().forEach(note -> out.println("    " + note));
        }
    }
}
