package ch.tbd.kafka.backuprestore.docs;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Renders a ConfigDef as a Markdown table, grouped the way the ConfigDef groups its keys. */
final class ConfigReference {

    private ConfigReference() {}

    static String markdown(String fileName, ConfigDef def) {
        String title = fileName.replace(".md", "").replace('-', ' ');
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference: ").append(title).append("\n\n");
        out.append("Generated from the connector's ConfigDef by `ConfigReferenceTest`; do not edit by hand.\n");
        out.append("Keys of Kafka Connect itself (`name`, `connector.class`, `tasks.max`, `topics`, `topics.regex`,\n");
        out.append("converters, `consumer.override.*`, `errors.*`) are documented by Kafka.\n");
        List<ConfigKey> keys = def.configKeys().values().stream().toList();
        for (String group : def.groups()) {
            out.append("\n## ").append(group).append("\n\n");
            out.append("| Key | Type | Default | Valid values | Importance | Description |\n");
            out.append("|---|---|---|---|---|---|\n");
            keys.stream()
                    .filter(key -> group.equals(key.group))
                    .sorted(java.util.Comparator.comparingInt(key -> key.orderInGroup))
                    .forEach(key -> out.append("| `").append(key.name).append("` | ")
                            .append(key.type.toString().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                            .append(defaultValue(key)).append(" | ")
                            .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                            .append(key.importance.toString().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                            .append(escape(key.documentation)).append(" |\n"));
        }
        return out.toString();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        if (key.type == Type.PASSWORD) {
            return "[hidden]";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
