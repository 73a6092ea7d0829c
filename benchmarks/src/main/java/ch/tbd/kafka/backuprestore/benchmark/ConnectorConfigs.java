package ch.tbd.kafka.backuprestore.benchmark;

import java.util.HashMap;
import java.util.Map;

/** The connector configurations of the benchmark: the documented keys, nothing tuned beyond what each phase needs. */
final class ConnectorConfigs {

    static final String BACKUP_CONNECTOR = "ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector";
    static final String RESTORE_CONNECTOR = "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector";
    private static final String BYTE_ARRAY = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private final S3ServerOnDisk s3;
    private final int tasks;

    ConnectorConfigs(S3ServerOnDisk s3, int tasks) {
        this.s3 = s3;
        this.tasks = tasks;
    }

    Map<String, String> backup(String topic, String bucket, String codec) {
        Map<String, String> config = common(BACKUP_CONNECTOR, bucket);
        config.put("topics", topic);
        config.put("avro.codec", codec);
        // A partition's last object is stored once it has been open this long; the default (10 min) would hold the
        // tail of every partition back and measure the timer instead of the backup.
        config.put("rotate.schedule.interval.ms", "1000");
        return config;
    }

    Map<String, String> restore(String sourceTopic, String targetTopic, String bucket, String bootstrapServers) {
        Map<String, String> config = common(RESTORE_CONNECTOR, bucket);
        config.put("topics", sourceTopic + ":" + targetTopic);
        // So that the connector creates the target topic with the backed-up partitions.
        config.put("target.cluster.bootstrap.servers", bootstrapServers);
        return config;
    }

    Map<String, String> pointInTimeRestore(String sourceTopic, String targetTopic, String bucket,
            String bootstrapServers, long from, long to) {
        Map<String, String> config = restore(sourceTopic, targetTopic, bucket, bootstrapServers);
        config.put("restore.time.from", Long.toString(from));
        config.put("restore.time.to", Long.toString(to));
        return config;
    }

    private Map<String, String> common(String connectorClass, String bucket) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("key.converter", BYTE_ARRAY);
        config.put("value.converter", BYTE_ARRAY);
        config.put("header.converter", BYTE_ARRAY);
        config.put("storage.type", "s3");
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", S3ServerOnDisk.REGION);
        config.put("s3.endpoint.url", s3.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.access.key.id", S3ServerOnDisk.ACCESS_KEY);
        config.put("s3.secret.access.key", S3ServerOnDisk.SECRET_KEY);
        return config;
    }
}
