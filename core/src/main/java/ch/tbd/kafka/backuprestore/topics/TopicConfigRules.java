package ch.tbd.kafka.backuprestore.topics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the user changes in the backed-up configs of a topic a restore creates: configs set whatever the backup says
 * ({@code restore.topic.config.overrides}) and configs of the backup left out ({@code restore.topic.config.exclude}).
 *
 * @param overrides config to value, set on every topic the restore creates
 * @param excludes  config names, or prefixes ending in {@code *} ({@code confluent.*}), not copied from the backup
 */
public record TopicConfigRules(Map<String, String> overrides, Set<String> excludes) {

    public static final TopicConfigRules NONE = new TopicConfigRules(Map.of(), Set.of());

    public TopicConfigRules {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        excludes = Collections.unmodifiableSet(new LinkedHashSet<>(excludes));
    }

    /**
     * Parses {@code CONFIG=VALUE,...}. A value may hold commas, as {@code cleanup.policy=compact,delete} does: a part
     * without '=' continues the value before it.
     *
     * @throws IllegalArgumentException for text that does not start with {@code CONFIG=}, or a config given twice
     */
    public static Map<String, String> parseOverrides(String text) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return overrides;
        }
        String last = null;
        for (String part : text.split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                if (last == null) {
                    throw new IllegalArgumentException("'" + part.strip() + "' is not CONFIG=VALUE");
                }
                overrides.put(last, overrides.get(last) + "," + part.strip());
                continue;
            }
            String name = part.substring(0, equals).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("'" + part.strip() + "' has no config name before '='");
            }
            if (overrides.put(name, part.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("config '" + name + "' is given twice");
            }
            last = name;
        }
        return overrides;
    }

    /** Parses {@code CONFIG,PREFIX*,...}. */
    public static Set<String> parseExcludes(String text) {
        Set<String> excludes = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return excludes;
        }
        for (String part : text.split(",")) {
            String name = part.strip();
            if (name.isEmpty() || name.equals("*")) {
                throw new IllegalArgumentException("'" + part + "' is not a config name or a PREFIX*");
            }
            excludes.add(name);
        }
        return excludes;
    }

    public boolean excludes(String config) {
        for (String exclude : excludes) {
            if (exclude.endsWith("*") ? config.startsWith(exclude.substring(0, exclude.length() - 1))
                    : config.equals(exclude)) {
                return true;
            }
        }
        return false;
    }
}
