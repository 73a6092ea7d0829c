package ch.tbd.kafka.backuprestore.kafkaconnect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Backups are byte-exact only when Connect hands records over untouched, which takes {@code ByteArrayConverter} for
 * keys, values and headers (Connect's default header converter parses header bytes and loses their exact form).
 */
public final class ByteArrayConverters {

    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    public static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter", "header.converter");

    private ByteArrayConverters() {}

    /**
     * Adds an error to each converter key that the connector config sets to anything else. A key left unset falls back
     * to the worker's converter, which the connector cannot see; the tasks then check every record.
     */
    public static void validate(Map<String, String> connectorConfig, Map<String, ConfigValue> results) {
        for (String key : CONVERTER_KEYS) {
            String value = connectorConfig.get(key);
            if (value != null && !value.isBlank() && !BYTE_ARRAY_CONVERTER.equals(value.trim())) {
                // Only the message: the worker renders this key's value as a class and would fail on a string.
                results.computeIfAbsent(key, ConfigValue::new).addErrorMessage(key + " is " + value
                        + ", but backups and restores must be byte-exact: set " + key + "=" + BYTE_ARRAY_CONVERTER);
            }
        }
    }

    /** The sentence that tells a user how to fix a record that did not arrive as raw bytes. */
    public static String fix(String converterKey) {
        return "set " + converterKey + "=" + BYTE_ARRAY_CONVERTER + " on the connector (key.converter,"
                + " value.converter and header.converter all need it)";
    }
}
