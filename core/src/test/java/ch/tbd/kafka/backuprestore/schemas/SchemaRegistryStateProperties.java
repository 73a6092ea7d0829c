package ch.tbd.kafka.backuprestore.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The registry's state against a plain model: random registrations, soft deletes of versions and of subjects, hard
 * deletes (tombstones), clears, settings and unreadable records, written as the registry writes them, give the counts
 * the model keeps.
 */
class SchemaRegistryStateProperties {

    private static final List<String> SUBJECTS = List.of("orders-value", "orders-key", "payments-value");
    private static final int VERSIONS = 4;

    /** One version as the model holds it. */
    private record Held(int id, boolean deleted) {}

    @Property(tries = 500)
    void shouldCountWhatAPlainModelOfTheRegistryCounts(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        SchemaRegistryState state = new SchemaRegistryState();
        Map<String, Held> model = new HashMap<>();
        Set<String> configs = new HashSet<>();
        long unreadable = 0;
        int nextId = 1;
        int records = random.nextInt(120);
        for (int i = 0; i < records; i++) {
            String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
            int version = 1 + random.nextInt(VERSIONS);
            String held = subject + "/" + version;
            int action = random.nextInt(20);
            if (action < 8) {
                int id = random.nextInt(4) == 0 && nextId > 1 ? 1 + random.nextInt(nextId - 1) : nextId++;
                state.apply(schemaKey(subject, version), schemaValue(subject, version, id, false));
                model.put(held, new Held(id, false));
            } else if (action < 10) {
                int id = model.containsKey(held) ? model.get(held).id() : nextId++;
                state.apply(schemaKey(subject, version), schemaValue(subject, version, id, true));
                model.put(held, new Held(id, true));
            } else if (action < 12) {
                state.apply(schemaKey(subject, version), null);
                model.remove(held);
            } else if (action < 13) {
                state.apply(bytes("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"" + subject + "\",\"magic\":0}"),
                        bytes("{\"subject\":\"" + subject + "\",\"version\":" + version + "}"));
                for (int v = 1; v <= version; v++) {
                    model.computeIfPresent(subject + "/" + v, (k, h) -> new Held(h.id(), true));
                }
            } else if (action < 14) {
                boolean all = random.nextBoolean();
                state.apply(bytes("{\"keytype\":\"CLEAR_SUBJECT\"" + (all ? "" : ",\"subject\":\"" + subject + "\"")
                        + ",\"magic\":0}"), bytes(all ? "{}" : "{\"subject\":\"" + subject + "\"}"));
                model.entrySet().removeIf(e -> e.getValue().deleted() && (all || e.getKey().startsWith(subject + "/")));
            } else if (action < 17) {
                String configured = random.nextBoolean() ? null : subject;
                boolean remove = random.nextInt(3) == 0;
                state.apply(bytes("{\"keytype\":\"CONFIG\"" + (configured == null ? "" : ",\"subject\":\""
                        + configured + "\"") + ",\"magic\":0}"), remove ? null
                        : bytes("{\"compatibilityLevel\":\"FULL\"}"));
                if (remove) {
                    configs.remove(configured);
                } else {
                    configs.add(configured);
                }
            } else if (action < 18) {
                state.apply(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null);
            } else {
                state.apply(bytes("garbage-" + i), bytes("{}"));
                unreadable++;
            }
        }

        SchemaRegistrySummary summary = state.summary();

        assertThat(summary.liveSubjects()).isEqualTo(model.entrySet().stream().filter(e -> !e.getValue().deleted())
                .map(e -> e.getKey().substring(0, e.getKey().indexOf('/'))).distinct().count());
        assertThat(summary.versions()).isEqualTo(model.values().stream().filter(h -> !h.deleted()).count());
        assertThat(summary.softDeletedVersions()).isEqualTo(model.values().stream().filter(Held::deleted).count());
        assertThat(summary.schemaIds()).isEqualTo(model.values().stream().map(Held::id).distinct().count());
        OptionalInt highest = model.values().stream().mapToInt(Held::id).max();
        assertThat(summary.highestId()).isEqualTo(highest);
        assertThat(summary.configs()).isEqualTo(configs.size());
        assertThat(summary.unreadable()).isEqualTo(unreadable);
        assertThat(summary.records()).isEqualTo(records);
    }

    @Property(tries = 1000)
    void shouldNeverThrowOnBytesOfAnyKind(@ForAll byte[] key, @ForAll byte[] value, @ForAll boolean tombstone) {
        SchemaRegistryState state = new SchemaRegistryState();

        state.apply(key, tombstone ? null : value);

        assertThat(state.summary().records()).isEqualTo(1);
        if (!SchemaRegistryState.isRegistryKey(key)) {
            assertThat(state.summary().unreadable()).isEqualTo(1);
        }
    }

    /** Text made of JSON's own characters and the registry's words reaches deeper into the parsing than bytes do. */
    @Property(tries = 1000)
    void shouldNeverThrowOnAlmostJson(@ForAll @StringLength(max = 80) @Chars({'{', '}', '[', ']', '"', ':', ',', '1',
            '-', ' ', 't', 'n'}) String noise, @ForAll @IntRange(min = 0, max = 5) int shape) {
        String key = switch (shape) {
            case 0 -> noise;
            case 1 -> "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}";
            case 2 -> "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}";
            case 3 -> "{\"keytype\":\"CLEAR_SUBJECT\",\"subject\":\"s\",\"magic\":0}";
            case 4 -> "{\"keytype\":\"CONFIG\",\"subject\":" + noise + ",\"magic\":0}";
            default -> "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":" + noise + ",\"magic\":1}";
        };
        SchemaRegistryState state = new SchemaRegistryState();
        state.apply(bytes(key), bytes("{\"subject\":\"s\",\"version\":1,\"id\":1,\"deleted\":true}"));

        state.apply(bytes(key), bytes(noise));

        assertThat(state.summary().records()).isEqualTo(2);
    }

    private static byte[] schemaKey(String subject, int version) {
        return bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":" + version
                + ",\"magic\":1}");
    }

    private static byte[] schemaValue(String subject, int version, int id, boolean deleted) {
        return bytes("{\"subject\":\"" + subject + "\",\"version\":" + version + ",\"id\":" + id
                + ",\"schema\":\"{\\\"type\\\":\\\"string\\\"}\",\"deleted\":" + deleted + "}");
    }

    private static byte[] bytes(String text) {
        return Objects.requireNonNull(text).getBytes(StandardCharsets.UTF_8);
    }
}
