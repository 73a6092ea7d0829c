package ch.tbd.kafka.backuprestore.kafkaconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Finds the keys of a connector configuration that neither the connector nor Kafka Connect knows, such as a
 * misspelled {@code flush.sise}, which would otherwise be accepted without a word while its default applies. Each
 * gets a warning naming the closest known key. Keys of the original design that this connector does not implement
 * get a warning of their own.
 */
public final class UnknownKeys {

    /** Keys Kafka Connect itself reads from a connector configuration (ConnectorConfig and its sink and source kin). */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("name", "connector.class", "tasks.max",
            "tasks.max.enforce", "key.converter", "value.converter", "header.converter", "config.action.reload",
            "transforms", "predicates", "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance",
            "errors.log.enable", "errors.log.include.messages", "topics", "topics.regex",
            "errors.deadletterqueue.topic.name", "errors.deadletterqueue.topic.replication.factor",
            "errors.deadletterqueue.context.headers.enable", "exactly.once.support", "transaction.boundary",
            "transaction.boundary.interval.ms", "offsets.storage.topic", "topic.creation.groups",
            "connector.plugin.version", "key.converter.plugin.version", "value.converter.plugin.version",
            "header.converter.plugin.version");

    /** Prefixes under which Kafka Connect takes any key: converter and transform settings, client overrides. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of("key.converter.", "value.converter.",
            "header.converter.", "transforms.", "predicates.", "consumer.override.", "producer.override.",
            "admin.override.", "topic.creation.");

    private UnknownKeys() {}

    /**
     * One warning for each key of {@code config} that is neither defined by {@code def}, nor Connect's, nor under one
     * of {@code ownPrefixes} (such as {@code target.cluster.}).
     *
     * @param notImplemented keys of the original design that this connector does not implement, with what to do
     */
    public static List<String> warnings(Map<String, String> config, ConfigDef def, List<String> ownPrefixes,
            Map<String, String> notImplemented) {
        Set<String> known = new TreeSet<>(def.names());
        known.addAll(FRAMEWORK_KEYS);
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(config.keySet())) {
            if (known.contains(key) || hasPrefix(key, FRAMEWORK_PREFIXES) || hasPrefix(key, ownPrefixes)) {
                continue;
            }
            if (notImplemented.containsKey(key)) {
                warnings.add("'" + key + "' is a key of the original design that this connector does not implement"
                        + " yet; it has no effect. " + notImplemented.get(key));
                continue;
            }
            String closest = closest(key, known);
            warnings.add("'" + key + "' is not a configuration key of this connector or of Kafka Connect; it has no"
                    + " effect" + (closest == null ? "" : ". Did you mean '" + closest + "'?"));
        }
        return warnings;
    }

    private static boolean hasPrefix(String key, List<String> prefixes) {
        return prefixes.stream().anyMatch(key::startsWith);
    }

    /** The known key at the smallest edit distance, if it is close enough to be a likely misspelling. */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
