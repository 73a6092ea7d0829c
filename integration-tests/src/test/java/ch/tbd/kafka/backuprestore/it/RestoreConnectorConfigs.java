package ch.tbd.kafka.backuprestore.it;

import java.util.HashMap;
import java.util.Map;

/** Connector configurations for the restore source, as mutable maps that a test adjusts. */
public final class RestoreConnectorConfigs {

    public static final String CONNECTOR_CLASS =
            "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector";
    public static final String PROVENANCE_OLD_OFFSET = "x-old-offset";
    public static final String PROVENANCE_RESTORED = "x-restored";
    public static final String DEFAULT_OFFSET_MAP_TOPIC = "kafka-backup.offset-map";

    private RestoreConnectorConfigs() {}

    /**
     * A restore from {@code bucket} on the test S3 server into the cluster at {@code bootstrapServers}, which the
     * connector may check and create topics in.
     *
     * @param topics the connector's {@code topics}: {@code a}, {@code a:x} or {@code a:x,b:y}
     */
    public static Map<String, String> s3(S3Server s3, String bucket, String topics, String bootstrapServers) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put("key.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        config.put("value.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        config.put("header.converter", BackupConnectorConfigs.BYTE_ARRAY_CONVERTER);
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", s3.region());
        config.put("s3.endpoint.url", s3.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.access.key.id", s3.accessKey());
        config.put("s3.secret.access.key", s3.secretKey());
        config.put("target.cluster.bootstrap.servers", bootstrapServers);
        return config;
    }

    /** Adds {@code x-old-offset} and {@code x-restored} to every restored record. */
    public static Map<String, String> withProvenanceHeaders(Map<String, String> config) {
        Map<String, String> changed = new HashMap<>(config);
        changed.put("restore.provenance.headers.enabled", "true");
        return changed;
    }
}
