package ch.tbd.kafka.backuprestore.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts the names of an enum's constants in any case, and recommends them. */
public final class EnumValidator implements ConfigDef.Validator, ConfigDef.Recommender {

    private final List<String> values;

    private EnumValidator(List<String> values) {
        this.values = values;
    }

    public static EnumValidator of(Enum<?>... constants) {
        return new EnumValidator(Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || !values.contains(value.toString().trim().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(name, value, "must be one of " + values);
        }
    }

    @Override
    public List<Object> validValues(String name, java.util.Map<String, Object> parsedConfig) {
        return List.copyOf(values);
    }

    @Override
    public boolean visible(String name, java.util.Map<String, Object> parsedConfig) {
        return true;
    }

    @Override
    public String toString() {
        return String.join(", ", values);
    }
}
