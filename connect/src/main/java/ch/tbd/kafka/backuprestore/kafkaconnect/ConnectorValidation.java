package ch.tbd.kafka.backuprestore.kafkaconnect;

import ch.tbd.kafka.backuprestore.config.StorageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The checks every connector adds to its ConfigDef's own: the storage keys that go together, and the converters.
 * They run in {@code validate} so that the REST validate endpoint shows them before any task starts.
 */
public final class ConnectorValidation {

    private ConnectorValidation() {}

    public static Config withCrossChecks(Config perKey, Map<String, String> connectorConfig) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        perKey.configValues().forEach(value -> values.put(value.name(), value));
        // Cross-key checks read parsed values, which only exist when every key parsed.
        if (values.values().stream().allMatch(value -> value.errorMessages().isEmpty())) {
            StorageConfig.validate(values);
        }
        ByteArrayConverters.validate(connectorConfig, values);
        return new Config(new ArrayList<>(values.values()));
    }
}
