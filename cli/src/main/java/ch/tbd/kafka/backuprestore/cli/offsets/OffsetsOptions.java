package ch.tbd.kafka.backuprestore.cli.offsets;

import ch.tbd.kafka.backuprestore.cli.options.FromLocationOptions;
import ch.tbd.kafka.backuprestore.cli.options.KafkaClusterOptions;
import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.cli.options.RestoreWindowOptions;
import ch.tbd.kafka.backuprestore.kafka.GroupOffsetsTranslation;
import ch.tbd.kafka.backuprestore.offsets.GroupFilter;
import ch.tbd.kafka.backuprestore.restore.RestoreWindow;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What {@code offsets plan} and {@code offsets apply} share: the backup, the target, the groups and the restore. */
public final class OffsetsOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    FromLocationOptions source;

    @Mixin
    KafkaClusterOptions cluster;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            description = "Groups to translate, comma-separated (default: every group in the backup).")
    java.util.List<String> groups = java.util.List.of();

    @Option(names = "--groups-regex", paramLabel = "REGEX",
            description = "Translate every group whose name matches (Java regular expression, whole name).")
    String groupsRegex;

    @Option(names = "--topics", required = true, paramLabel = "TOPIC[:NEW_NAME],...",
            description = "The topics as the restore mapped them (as the restore's --topics).")
    String topics;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Take the offsets the groups had committed at TIME (ISO-8601 or epoch ms; default: the"
                    + " latest backed up, or --time-to when given).")
    String at;

    /** The restore's window, if it had one. */
    @Mixin
    RestoreWindowOptions window;

    @Option(names = "--offset-map-topic", defaultValue = RestoreSourceConfig.OFFSET_MAP_TOPIC_DEFAULT,
            paramLabel = "TOPIC", description = "The restore's offset map (default: ${DEFAULT-VALUE}).")
    String offsetMapTopic;

    @Option(names = "--json", description = "Print one JSON document instead of a table.")
    boolean json;

    /** The restore's settings as the connector reads them: the same parsing, the same errors. */
    RestoreSourceConfig restoreConfig() {
        if (!groups.isEmpty() && groupsRegex != null) {
            throw new ParameterException(spec.commandLine(), "Give the groups with either --groups or"
                    + " --groups-regex, not both");
        }
        Map<String, String> config = new LinkedHashMap<>(source.storageProperties(null));
        config.put(RestoreSourceConfig.TOPICS, topics);
        window.addTo(config);
        putIfGiven(config, RestoreSourceConfig.CONSUMER_GROUPS_AS_OF, at);
        config.put(RestoreSourceConfig.CONSUMER_GROUPS, groupsRegex != null ? groupsRegex
                : groups.isEmpty() ? ".*" : String.join(",", groups.stream().map(GroupFilter::entryFor).toList()));
        config.put(RestoreSourceConfig.OFFSET_MAP_TOPIC, offsetMapTopic);
        cluster.clientProperties().forEach((key, value) -> config.put(RestoreSourceConfig.TARGET_CLUSTER_PREFIX + key,
                value));
        return new RestoreSourceConfig(config);
    }

    /** The plan, read from the backup and the target cluster's offset map. */
    GroupOffsetsTranslation.Plan plan(OpenBackup backup, RestoreSourceConfig config) {
        GroupFilter selected = config.consumerGroups();
        RestoreWindow window = config.window();
        return new GroupOffsetsTranslation(backup.storage(), backup.layout()).plan(selected,
                config.consumerGroupsAsOf(), config.topicMapping().targets(), window, clientConfig(), offsetMapTopic);
    }

    Map<String, Object> clientConfig() {
        return new HashMap<>(cluster.clientProperties());
    }

    OpenBackup open() {
        return source.open(null);
    }

    private static void putIfGiven(Map<String, String> config, String key, String value) {
        if (value != null) {
            config.put(key, value);
        }
    }
}
