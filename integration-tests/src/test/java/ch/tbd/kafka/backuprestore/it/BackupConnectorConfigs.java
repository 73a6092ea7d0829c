package ch.tbd.kafka.backuprestore.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Connector configurations for the backup sink, as mutable maps that a test adjusts. */
public final class BackupConnectorConfigs {

    public static final String CONNECTOR_CLASS = "ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector";
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private BackupConnectorConfigs() {}

    /** What every backup needs whatever the storage: byte-exact converters and no aborted records. */
    public static Map<String, String> common(String topics, int flushSize) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put("flush.size", Integer.toString(flushSize));
        config.put("key.converter", BYTE_ARRAY_CONVERTER);
        config.put("value.converter", BYTE_ARRAY_CONVERTER);
        config.put("header.converter", BYTE_ARRAY_CONVERTER);
        config.put("consumer.override.isolation.level", "read_committed");
        return config;
    }

    /** A backup into {@code bucket} on the test S3 server. */
    public static Map<String, String> s3(S3Server s3, String bucket, String topics, int flushSize) {
        Map<String, String> config = common(topics, flushSize);
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", s3.region());
        config.put("s3.endpoint.url", s3.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.access.key.id", s3.accessKey());
        config.put("s3.secret.access.key", s3.secretKey());
        return config;
    }

    /** A backup into a local directory. */
    public static Map<String, String> local(Path directory, String topics, int flushSize) {
        Map<String, String> config = common(topics, flushSize);
        config.put("storage.type", "local");
        config.put("storage.local.directory", directory.toString());
        return config;
    }

    /** Without {@code topics}, selecting by {@code topics.regex} instead. */
    public static Map<String, String> withTopicsRegex(Map<String, String> config, String regex) {
        Map<String, String> changed = new HashMap<>(config);
        changed.remove("topics");
        changed.put("topics.regex", regex);
        return changed;
    }
}
