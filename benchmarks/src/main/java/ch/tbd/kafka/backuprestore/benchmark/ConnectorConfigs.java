package ch.tbd.kafka.backuprestore.benchmark;

import ch.tbd.kafka.backuprestore.benchmark.floor.GeneratedSourceConnector;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The connector configurations of the benchmark: the documented keys, nothing tuned beyond what each phase needs. */
final class ConnectorConfigs {

    static final String BACKUP_CONNECTOR = "ch.tbd.kafka.backuprestore.backup.kafkaconnect.BackupSinkConnector";
    static final String RESTORE_CONNECTOR = "ch.tbd.kafka.backuprestore.restore.kafkaconnect.RestoreSourceConnector";
    static final String DISCARD_SINK_CONNECTOR = "ch.tbd.kafka.backuprestore.benchmark.floor.DiscardSinkConnector";
    static final String GENERATED_SOURCE_CONNECTOR =
            "ch.tbd.kafka.backuprestore.benchmark.floor.GeneratedSourceConnector";
    private static final String BYTE_ARRAY = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private final S3ServerOnDisk s3;
    private final int tasks;

    ConnectorConfigs(S3ServerOnDisk s3, int tasks) {
        this.s3 = s3;
        this.tasks = tasks;
    }

    Map<String, String> backup(String topic, String bucket, String codec) {
        return backup(common(BACKUP_CONNECTOR, bucket), topic, codec);
    }

    /** The same backup into a directory of the worker's file system, with no S3 server in the way. */
    Map<String, String> backupToDirectory(String topic, Path directory, String codec) {
        return backup(local(BACKUP_CONNECTOR, directory), topic, codec);
    }

    private static Map<String, String> backup(Map<String, String> config, String topic, String codec) {
        config.put("topics", topic);
        config.put("avro.codec", codec);
        // A partition's last object is stored once it has been open this long; the default (10 min) would hold the
        // tail of every partition back and measure the timer instead of the backup.
        config.put("rotate.schedule.interval.ms", "1000");
        return config;
    }

    /** The same configuration with client-side encryption, the key in {@code keyFile}, to write or to read. */
    static Map<String, String> encrypted(Map<String, String> config, java.nio.file.Path keyFile) {
        Map<String, String> encrypted = new java.util.HashMap<>(config);
        encrypted.put("encryption.key.provider", "file");
        encrypted.put("encryption.key.files", keyFile.toString());
        return encrypted;
    }

    Map<String, String> restore(String sourceTopic, String targetTopic, String bucket, String bootstrapServers) {
        return restore(common(RESTORE_CONNECTOR, bucket), sourceTopic, targetTopic, bootstrapServers);
    }

    /** The same restore from a directory that {@link #backupToDirectory} wrote. */
    Map<String, String> restoreFromDirectory(String sourceTopic, String targetTopic, Path directory,
            String bootstrapServers) {
        return restore(local(RESTORE_CONNECTOR, directory), sourceTopic, targetTopic, bootstrapServers);
    }

    private static Map<String, String> restore(Map<String, String> config, String sourceTopic, String targetTopic,
            String bootstrapServers) {
        config.put("topics", sourceTopic + ":" + targetTopic);
        // So that the connector creates the target topic with the backed-up partitions.
        config.put("target.cluster.bootstrap.servers", bootstrapServers);
        return config;
    }

    /** A restore's configuration with the recommended producer settings, as {@code producer.override.*} keys. */
    static Map<String, String> withRecommendedProducer(Map<String, String> config) {
        Map<String, String> tuned = new java.util.HashMap<>(config);
        for (String setting : PerformanceTool.RECOMMENDED_RESTORE_PRODUCER) {
            int equals = setting.indexOf('=');
            tuned.put("producer.override." + setting.substring(0, equals), setting.substring(equals + 1));
        }
        return tuned;
    }

    Map<String, String> pointInTimeRestore(String sourceTopic, String targetTopic, String bucket,
            String bootstrapServers, long from, long to) {
        Map<String, String> config = restore(sourceTopic, targetTopic, bucket, bootstrapServers);
        config.put("restore.time.from", Long.toString(from));
        config.put("restore.time.to", Long.toString(to));
        return config;
    }

    /** The Connect floor's sink: the backup's converters and tasks, and nothing done with the records. */
    Map<String, String> discardSink(String topic) {
        Map<String, String> config = connector(DISCARD_SINK_CONNECTOR);
        config.put("topics", topic);
        return config;
    }

    /**
     * The Connect floor's source: the restore's converters and tasks, writing records of the data set's sizes into a
     * new topic of as many partitions, which the worker creates at the first record, inside the timed span, as the
     * restore creates its target in it.
     */
    Map<String, String> generatedSource(String topic, DataSet data) {
        Map<String, String> config = connector(GENERATED_SOURCE_CONNECTOR);
        config.put(GeneratedSourceConnector.TOPIC, topic);
        config.put(GeneratedSourceConnector.RECORDS, Long.toString(data.records()));
        config.put(GeneratedSourceConnector.PARTITIONS, Integer.toString(data.partitions()));
        config.put(GeneratedSourceConnector.KEY_BYTES, Integer.toString(DataSet.KEY_BYTES));
        config.put(GeneratedSourceConnector.VALUE_BYTES, Integer.toString(data.valueBytes()));
        config.put(GeneratedSourceConnector.HEADERS, DataSet.CONTENT_TYPE_HEADER + ":" + DataSet.CONTENT_TYPE.length
                + "," + DataSet.TRACE_HEADER + ":" + DataSet.TRACE_BYTES);
        config.put(GeneratedSourceConnector.FIRST_TIMESTAMP, Long.toString(data.firstTimestamp()));
        config.put(GeneratedSourceConnector.TIME_SPAN_MS, Long.toString(data.timeSpanMs()));
        config.put("topic.creation.default.partitions", Integer.toString(data.partitions()));
        config.put("topic.creation.default.replication.factor", "1");
        return config;
    }

    private Map<String, String> common(String connectorClass, String bucket) {
        Map<String, String> config = connector(connectorClass);
        config.put("storage.type", "s3");
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", S3ServerOnDisk.REGION);
        config.put("s3.endpoint.url", s3.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.access.key.id", S3ServerOnDisk.ACCESS_KEY);
        config.put("s3.secret.access.key", S3ServerOnDisk.SECRET_KEY);
        return config;
    }

    /**
     * {@code storage.type=local}: the directory is all it needs (the s3.* keys keep their defaults, unused). The
     * connector never creates it, so the caller does.
     */
    private Map<String, String> local(String connectorClass, Path directory) {
        Map<String, String> config = connector(connectorClass);
        config.put("storage.type", "local");
        config.put("storage.local.directory", directory.toString());
        return config;
    }

    /** What every connector of the benchmark shares, ours and the floor's alike. */
    private Map<String, String> connector(String connectorClass) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("key.converter", BYTE_ARRAY);
        config.put("value.converter", BYTE_ARRAY);
        config.put("header.converter", BYTE_ARRAY);
        return config;
    }
}
