package ch.tbd.kafka.backuprestore.config;

import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates a string setting by parsing it with the same code that later uses it, and describes what it accepts in
 * the generated configuration reference.
 */
public final class ParsingValidator implements ConfigDef.Validator {

    private final String accepted;
    private final Consumer<String> parser;

    private ParsingValidator(String accepted, Consumer<String> parser) {
        this.accepted = accepted;
        this.parser = parser;
    }

    /** @param parser throws {@link IllegalArgumentException} with a helpful message for a bad value */
    public static ParsingValidator of(String accepted, Consumer<String> parser) {
        return new ParsingValidator(accepted, parser);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            // A missing required value is reported as such by ConfigDef itself.
            return;
        }
        try {
            parser.accept(value.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return accepted;
    }
}
