package ch.tbd.kafka.backuprestore.cli.metadata;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.KafkaClusterOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.kafka.TopicDefinitionReader;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.TopicMapping;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import ch.tbd.kafka.backuprestore.topics.TopicDefinitionDiff;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kafka-backup topics diff}: a backup's topic definitions against a live cluster's topics. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares the newest captured definition of each backed-up topic with the topic on a live"
                + " cluster: partitions, replication factor, configs (as a restore would set them) and ACL bindings"
                + " (with renames applied). Configs a restore never copies are listed, not compared.",
                "Exit 1 when a topic differs or is missing."})
public final class TopicsDiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FromLocationOptions location;

    @Mixin
    BackedUpTopicsOptions topics;

    @Mixin
    KafkaClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int differing = 0;
        int total;
        try (OpenBackup backup = location.open(null);
             Admin admin = Admin.create(new HashMap<>(cluster.clientProperties()))) {
            TopicMapping mapping = topics.mapping(backup);
            total = mapping.targets().size();
            Map<String, TopicDefinition> definitions = BackedUpTopicsOptions.definitions(backup, mapping);
            TopicDefinitionReader reader = new TopicDefinitionReader(admin);
            Map<String, TopicDefinition> live = reader.read(mapping.targets().values(), Instant.now());
            Map<String, TopicDefinitionReader.LiveConfigs> configs = reader.configs(live.keySet());
            for (Map.Entry<String, String> topic : mapping.targets().entrySet()) {
                TopicDefinition definition = definitions.get(topic.getKey());
                String header = "Topic " + topic.getKey() + (topic.getKey().equals(topic.getValue()) ? ""
                        : " (as " + topic.getValue() + ")");
                if (definition == null) {
                    out.println(header + ": no definition captured in " + backup.describe());
                    differing++;
                    continue;
                }
                TopicDefinition current = live.get(topic.getValue());
                if (current == null) {
                    out.println(header + ": MISSING on the cluster (backup captured " + definition.capturedAt()
                            + ")");
                    differing++;
                    continue;
                }
                List<String> differences = TopicDefinitionDiff.between(definition, current,
                        configs.get(topic.getValue()).effective());
                out.println(header + ": " + (differences.isEmpty() ? "same" : "DIFFERS") + " (backup captured "
                        + definition.capturedAt() + ")");
                differences.forEach(line -> out.println("  " + line));
                TopicDefinitionDiff.notCompared(definition).forEach(line -> out.println("  not compared, never"
                        + " copied: " + line));
                if (current.aclsUnavailable() != null) {
                    out.println("  ACLs not compared: " + current.aclsUnavailable());
                }
                if (!differences.isEmpty()) {
                    differing++;
                }
            }
        }
        out.printf("%d of %d topic(s) differ%n", differing, total);
        out.flush();
        return differing == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }
}
