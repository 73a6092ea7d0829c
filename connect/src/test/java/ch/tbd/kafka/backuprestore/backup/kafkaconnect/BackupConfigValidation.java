package ch.tbd.kafka.backuprestore.backup.kafkaconnect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;

/** A backup connector's configuration for validation tests, and the errors Connect's validate call reports on it. */
public final class BackupConfigValidation {

    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private BackupConfigValidation() {}

    /** The byte-array converters, {@code topics} and {@code s3.bucket.name}: what every backup needs. */
    public static Map<String, String> minimalConfig(String topics) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", BackupSinkConnector.class.getName());
        config.put("value.converter", BYTES);
        config.put("key.converter", BYTES);
        config.put("header.converter", BYTES);
        config.put("topics", topics);
        config.put("s3.bucket.name", "backups");
        return config;
    }

    /** The error messages of each key that has any. */
    public static Map<String, List<String>> errors(Map<String, String> config) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new BackupSinkConnector().validate(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}
