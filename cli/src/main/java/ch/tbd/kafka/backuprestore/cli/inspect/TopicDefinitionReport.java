package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import ch.tbd.kafka.backuprestore.topics.TopicDefinitions;
import java.io.PrintWriter;
import java.util.List;

/** The part of {@code describe} that shows a topic's captured definition. */
final class TopicDefinitionReport {

    private static final String INDENT = "                      ";

    private TopicDefinitionReport() {}

    static void print(PrintWriter out, OpenBackup backup, String topic) {
        List<TopicDefinition> history = new TopicDefinitions(backup.storage(), backup.layout()).history(topic);
        if (history.isEmpty()) {
            out.println("Definition: none captured (the backup ran without source.cluster.bootstrap.servers, or"
                    + " with topic.definitions.interval.ms=-1); a restore creates the topic with the target's"
                    + " defaults");
            return;
        }
        TopicDefinition latest = history.get(history.size() - 1);
        out.println("Definition (captured " + latest.capturedAt() + (history.size() == 1 ? ""
                : "; " + history.size() + " versions since " + history.get(0).capturedAt()) + "):");
        out.println("  Topic id:           " + (latest.topicId() == null ? "unknown" : latest.topicId()));
        out.println("  Partitions:         " + latest.partitions());
        out.println("  Replication factor: " + latest.replicationFactor());
        printLines(out, "  Configs:            ", latest.configs().entrySet().stream()
                .map(config -> config.getKey() + "=" + config.getValue()).toList());
        if (latest.aclsUnavailable() != null) {
            out.println("  ACLs:               not captured: " + latest.aclsUnavailable());
        } else {
            printLines(out, "  ACLs:               ", latest.acls().stream().map(acl -> acl.describe()).toList());
        }
    }

    private static void printLines(PrintWriter out, String label, List<String> lines) {
        if (lines.isEmpty()) {
            out.println(label + "none");
            return;
        }
        out.println(label + lines.get(0));
        lines.subList(1, lines.size()).forEach(line -> out.println(INDENT + line));
    }
}
