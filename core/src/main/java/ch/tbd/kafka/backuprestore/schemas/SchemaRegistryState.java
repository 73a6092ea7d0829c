package ch.tbd.kafka.backuprestore.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state a Confluent Schema Registry rebuilds from its topic ({@code kafkastore.topic}, {@code _schemas} by
 * default), rebuilt the same way from a backup of that topic, so that an operator can see which subjects, versions and
 * schema ids a restore brings back before any registry reads it.
 *
 * <p>Records are applied one by one in offset order, as the registry reads them. Keys and values are the registry's
 * JSON. The latest record of a key replaces the earlier ones and a tombstone removes the key, as in the registry's own
 * store. A {@code SCHEMA} key ({@code {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}}) holds one version of a
 * subject with its schema id, soft-deleted when its value says {@code "deleted":true}; its tombstone is a hard delete.
 * A {@code DELETE_SUBJECT} record ({@code {"subject":S,"version":V}}) soft-deletes the subject's versions up to V, and
 * a {@code CLEAR_SUBJECT} record ({@code {"subject":S}}, every subject when S is null) drops the subject's soft-deleted
 * versions, as the registry's {@code KafkaStoreMessageHandler} does with them. {@code CONFIG} and {@code MODE} keys are
 * counted while they have a value; {@code NOOP} (written by every registry at start), {@code CONTEXT} and
 * {@code ASSOC} (associations of subjects with other resources, in recent registries) change nothing here. The
 * registry's refusal of a schema whose id another schema already has is not repeated: the schema texts are not kept.
 *
 * <p>A record this cannot read (a key or value that is not JSON, an unknown key type, a field missing or of the wrong
 * type) is counted and changes nothing, as the registry skips it too; nothing here throws on a record.
 *
 * <p>Memory: one small entry per schema version, config and mode held (subject name, version, id, one flag), as the
 * registry holds them itself. A registry holds at most some 100,000 schemas, a few tens of MB here.
 */
public final class SchemaRegistryState {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEY_TYPES =
            Set.of("SCHEMA", "CONFIG", "MODE", "NOOP", "DELETE_SUBJECT", "CLEAR_SUBJECT", "CONTEXT", "ASSOC");

    /** By subject, its versions held; a subject without versions is removed. */
    private final Map<String, TreeMap<Integer, Version>> subjects = new HashMap<>();
    /** Subjects with a compatibility setting; {@code null} for the registry-wide one. */
    private final Set<String> configs = new HashSet<>();
    /** Subjects with a mode setting; {@code null} for the registry-wide one. */
    private final Set<String> modes = new HashSet<>();
    private long records;
    private long unreadable;

    /** A schema version as held: its id, and whether it is soft-deleted. */
    private static final class Version {
        final int id;
        boolean deleted;

        Version(int id, boolean deleted) {
            this.id = id;
            this.deleted = deleted;
        }
    }

    /** Whether a record key is the registry's: a JSON object whose {@code keytype} is one of the registry's. */
    public static boolean isRegistryKey(byte[] key) {
        JsonNode json = object(key);
        String type = json == null ? null : text(json, "keytype");
        return type != null && KEY_TYPES.contains(type);
    }

    /**
     * Applies the next record of the topic.
     *
     * @param key   the record's key, {@code null} when it has none
     * @param value the record's value, {@code null} for a tombstone
     */
    public void apply(byte[] key, byte[] value) {
        records++;
        if (!applied(key, value)) {
            unreadable++;
        }
    }

    private boolean applied(byte[] key, byte[] value) {
        JsonNode json = object(key);
        if (json == null) {
            return false;
        }
        String type = text(json, "keytype");
        if (type == null) {
            return false;
        }
        return switch (type) {
            case "SCHEMA" -> schema(json, value);
            case "CONFIG" -> setting(configs, json, value);
            case "MODE" -> setting(modes, json, value);
            case "DELETE_SUBJECT" -> value == null || deleteSubject(object(value));
            case "CLEAR_SUBJECT" -> value == null || clearSubject(object(value));
            case "NOOP", "CONTEXT", "ASSOC" -> true;
            default -> false;
        };
    }

    private boolean schema(JsonNode key, byte[] value) {
        String subject = text(key, "subject");
        Integer version = integer(key, "version");
        Integer magic = key.hasNonNull("magic") ? integer(key, "magic") : Integer.valueOf(0);
        if (subject == null || version == null || magic == null || (magic != 0 && magic != 1)) {
            return false;
        }
        if (value == null) {
            TreeMap<Integer, Version> versions = subjects.get(subject);
            if (versions != null) {
                versions.remove(version);
                if (versions.isEmpty()) {
                    subjects.remove(subject);
                }
            }
            return true;
        }
        JsonNode json = object(value);
        Integer id = json == null ? null : integer(json, "id");
        JsonNode deleted = json == null ? null : json.get("deleted");
        if (id == null || (deleted != null && !deleted.isNull() && !deleted.isBoolean())) {
            return false;
        }
        subjects.computeIfAbsent(subject, s -> new TreeMap<>())
                .put(version, new Version(id, deleted != null && deleted.booleanValue()));
        return true;
    }

    private static boolean setting(Set<String> held, JsonNode key, byte[] value) {
        JsonNode subject = key.get("subject");
        if (subject != null && !subject.isNull() && !subject.isTextual()) {
            return false;
        }
        String name = subject == null || subject.isNull() ? null : subject.textValue();
        if (value == null) {
            held.remove(name);
            return true;
        }
        if (object(value) == null) {
            return false;
        }
        held.add(name);
        return true;
    }

    /** Soft-deletes the subject's versions up to the one named, as the registry does on {@code DELETE /subjects/S}. */
    private boolean deleteSubject(JsonNode value) {
        String subject = value == null ? null : text(value, "subject");
        Integer upTo = value == null ? null : integer(value, "version");
        if (subject == null || upTo == null) {
            return false;
        }
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions != null) {
            versions.headMap(upTo, true).values().forEach(version -> version.deleted = true);
        }
        return true;
    }

    /** Drops the soft-deleted versions of a subject, or of every subject when it names none. */
    private boolean clearSubject(JsonNode value) {
        if (value == null) {
            return false;
        }
        JsonNode subject = value.get("subject");
        if (subject != null && !subject.isNull() && !subject.isTextual()) {
            return false;
        }
        List<String> names = subject == null || subject.isNull() ? new ArrayList<>(subjects.keySet())
                : List.of(subject.textValue());
        for (String name : names) {
            TreeMap<Integer, Version> versions = subjects.get(name);
            if (versions != null) {
                versions.values().removeIf(version -> version.deleted);
                if (versions.isEmpty()) {
                    subjects.remove(name);
                }
            }
        }
        return true;
    }

    /** The state after the records applied so far. */
    public SchemaRegistrySummary summary() {
        List<SchemaRegistrySummary.Subject> listed = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        new TreeMap<>(subjects).forEach((name, versions) -> {
            SortedMap<Integer, Integer> live = new TreeMap<>();
            SortedMap<Integer, Integer> softDeleted = new TreeMap<>();
            versions.forEach((number, version) -> {
                (version.deleted ? softDeleted : live).put(number, version.id);
                ids.add(version.id);
            });
            listed.add(new SchemaRegistrySummary.Subject(name, Collections.unmodifiableSortedMap(live),
                    Collections.unmodifiableSortedMap(softDeleted)));
        });
        OptionalInt highest = ids.stream().mapToInt(Integer::intValue).max();
        return new SchemaRegistrySummary(List.copyOf(listed), ids.size(), highest, configs.size(), modes.size(),
                records, unreadable);
    }

    /** The bytes as a JSON object, or {@code null} when they are none, not JSON, or JSON of another kind. */
    private static JsonNode object(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(bytes);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static Integer integer(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
    }
}
