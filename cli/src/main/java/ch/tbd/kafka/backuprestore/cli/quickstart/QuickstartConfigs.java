package ch.tbd.kafka.backuprestore.cli.quickstart;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connector configurations of the quickstart: what a user would PUT to a Connect cluster, with a local store. */
final class QuickstartConfigs {

    private static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private QuickstartConfigs() {}

    static Map<String, String> backup(String topic, Path directory) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        converters(config);
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("storage.type", "local");
        config.put("storage.local.directory", directory.toString());
        // The sample is smaller than flush.size: store each partition's tail after a second instead of a minute.
        config.put("rotate.schedule.interval.ms", "1000");
        // A demonstration in a temporary directory: nothing to expire, and no cluster settings to derive it from.
        config.put("s3.retention.policy.days", "0");
        return config;
    }

    static Map<String, String> restore(String topic, String targetTopic, Path directory, String bootstrapServers) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic + ":" + targetTopic);
        converters(config);
        config.put("storage.type", "local");
        config.put("storage.local.directory", directory.toString());
        config.put("target.cluster.bootstrap.servers", bootstrapServers);
        return config;
    }

    private static void converters(Map<String, String> config) {
        config.put("key.converter", BYTE_ARRAY_CONVERTER);
        config.put("value.converter", BYTE_ARRAY_CONVERTER);
        config.put("header.converter", BYTE_ARRAY_CONVERTER);
    }
}
