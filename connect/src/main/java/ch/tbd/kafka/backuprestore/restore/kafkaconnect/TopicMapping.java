package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which backed-up topics are restored into which target topics, from the {@code topics} setting: {@code a} restores
 * {@code a} into {@code a}, {@code a:b} restores {@code a} into {@code b}, and a comma-separated list does several.
 */
public record TopicMapping(Map<String, String> targets) {

    public TopicMapping {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    public static TopicMapping parse(String setting) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String entry : setting.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split(":", -1);
            if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a topic or a SOURCE:TARGET pair");
            }
            String source = parts[0].trim();
            String target = parts.length == 2 ? parts[1].trim() : source;
            if (targets.put(source, target) != null) {
                throw new IllegalArgumentException("topic '" + source + "' is listed twice");
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no topic to restore");
        }
        return new TopicMapping(targets);
    }

    public String target(String source) {
        return targets.get(source);
    }
}
