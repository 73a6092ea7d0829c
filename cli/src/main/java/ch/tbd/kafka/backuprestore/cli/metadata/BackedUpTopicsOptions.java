package ch.tbd.kafka.backuprestore.cli.metadata;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.restore.kafkaconnect.TopicMapping;
import ch.tbd.kafka.backuprestore.topics.TopicDefinition;
import ch.tbd.kafka.backuprestore.topics.TopicDefinitions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which backed-up topics a metadata command works on, and under which names on the cluster. */
public final class BackedUpTopicsOptions {

    @Option(names = "--topics", paramLabel = "TOPIC[:NEW_NAME],...",
            description = "Backed-up topics, each compared with or applied to itself or NEW_NAME, as restore takes"
                    + " them (default: every topic with a captured definition, under its own name).")
    String topics;

    /** The mapping asked for, or every topic with a captured definition onto itself. */
    public TopicMapping mapping(OpenBackup backup) {
        if (topics != null) {
            return TopicMapping.parse(topics);
        }
        Map<String, String> all = new LinkedHashMap<>();
        new TopicDefinitions(backup.storage(), backup.layout()).topics().forEach(topic -> all.put(topic, topic));
        return new TopicMapping(all);
    }

    /** The newest captured definition of each mapped topic that has one, by backed-up name. */
    public static Map<String, TopicDefinition> definitions(OpenBackup backup, TopicMapping mapping) {
        TopicDefinitions definitions = new TopicDefinitions(backup.storage(), backup.layout());
        Map<String, TopicDefinition> found = new LinkedHashMap<>();
        mapping.targets().keySet().forEach(topic -> definitions.latest(topic)
                .ifPresent(definition -> found.put(topic, definition)));
        return found;
    }
}
