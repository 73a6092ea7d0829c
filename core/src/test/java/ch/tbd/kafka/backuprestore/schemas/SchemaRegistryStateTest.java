package ch.tbd.kafka.backuprestore.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The registry's state rebuilt from records as the registry writes them to {@code _schemas}. */
class SchemaRegistryStateTest {

    private final SchemaRegistryState state = new SchemaRegistryState();

    @Test
    void shouldListSubjectsWithTheirVersionsAndIds() {
        apply("{\"keytype\":\"NOOP\",\"magic\":0}", null);
        apply("{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"BACKWARD\"}");
        register("orders-value", 1, 1, false);
        register("orders-value", 2, 2, false);
        register("payments-value", 1, 3, false);
        register("orders-key", 1, 4, false);

        SchemaRegistrySummary summary = state.summary();

        assertThat(summary.subjects()).extracting(SchemaRegistrySummary.Subject::name)
                .containsExactly("orders-key", "orders-value", "payments-value");
        assertThat(summary.subjects().get(1).versions()).isEqualTo(Map.of(1, 1, 2, 2));
        assertThat(summary.liveSubjects()).isEqualTo(3);
        assertThat(summary.versions()).isEqualTo(4);
        assertThat(summary.schemaIds()).isEqualTo(4);
        assertThat(summary.highestId()).isEqualTo(OptionalInt.of(4));
        assertThat(summary.configs()).isEqualTo(1);
        assertThat(summary.modes()).isZero();
        assertThat(summary.records()).isEqualTo(6);
        assertThat(summary.unreadable()).isZero();
    }

    @Test
    void shouldCountAnIdSharedBySubjectsOnce() {
        register("a-value", 1, 7, false);
        register("b-value", 1, 7, false);

        assertThat(state.summary().schemaIds()).isEqualTo(1);
        assertThat(state.summary().versions()).isEqualTo(2);
    }

    @Test
    void shouldKeepASoftDeletedVersionApartAndItsIdCounted() {
        register("payments-value", 1, 3, false);
        register("payments-value", 2, 5, false);
        register("payments-value", 2, 5, true);

        SchemaRegistrySummary.Subject payments = state.summary().subjects().get(0);
        assertThat(payments.versions()).isEqualTo(Map.of(1, 3));
        assertThat(payments.softDeleted()).isEqualTo(Map.of(2, 5));
        assertThat(state.summary().schemaIds()).as("a soft-deleted schema is still served by id").isEqualTo(2);
    }

    @Test
    void shouldRemoveAVersionOnItsTombstoneAndASubjectWithNoneLeft() {
        register("old-value", 1, 1, false);
        register("old-value", 1, 1, true);
        apply(schemaKey("old-value", 1), null);

        assertThat(state.summary().subjects()).isEmpty();
        assertThat(state.summary().highestId()).isEmpty();
    }

    @Test
    void shouldSoftDeleteASubjectsVersionsUpToTheOneItsDeleteSubjectRecordNames() {
        register("s", 1, 1, false);
        register("s", 2, 2, false);
        register("s", 3, 3, false);

        apply("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}", "{\"subject\":\"s\",\"version\":2}");

        SchemaRegistrySummary.Subject subject = state.summary().subjects().get(0);
        assertThat(subject.versions()).isEqualTo(Map.of(3, 3));
        assertThat(subject.softDeleted()).isEqualTo(Map.of(1, 1, 2, 2));
    }

    @Test
    void shouldDropSoftDeletedVersionsOnClearSubjectForOneSubjectOrAll() {
        register("a", 1, 1, true);
        register("a", 2, 2, false);
        register("b", 1, 3, true);

        apply("{\"keytype\":\"CLEAR_SUBJECT\",\"subject\":\"a\",\"magic\":0}", "{\"subject\":\"a\"}");
        assertThat(state.summary().subjects()).extracting(SchemaRegistrySummary.Subject::name).containsExactly("a",
                "b");
        assertThat(state.summary().subjects().get(0).softDeleted()).isEmpty();

        apply("{\"keytype\":\"CLEAR_SUBJECT\",\"magic\":0}", "{}");
        assertThat(state.summary().subjects()).extracting(SchemaRegistrySummary.Subject::name).containsExactly("a");
    }

    @Test
    void shouldKeepTheLatestSettingPerSubjectAndForgetItOnItsTombstone() {
        apply("{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"BACKWARD\"}");
        apply("{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}");
        apply("{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0}", "{\"compatibilityLevel\":\"NONE\"}");
        apply("{\"keytype\":\"MODE\",\"subject\":\"orders-value\",\"magic\":0}", "{\"mode\":\"READONLY\"}");
        apply("{\"keytype\":\"MODE\",\"subject\":\"orders-value\",\"magic\":0}", null);

        assertThat(state.summary().configs()).isEqualTo(2);
        assertThat(state.summary().modes()).isZero();
    }

    @Test
    void shouldCountRecordsItCannotReadAndChangeNothingForThem() {
        register("s", 1, 1, false);
        apply("not json", "{}");
        apply("[1,2]", "{}");
        apply("{\"keytype\":\"SOMETHING_NEW\",\"magic\":0}", "{}");
        apply("{\"keytype\":\"SCHEMA\",\"version\":1,\"magic\":1}", "{\"id\":9}");
        apply("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":\"one\",\"magic\":1}", "{\"id\":9}");
        apply("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":7}", "{\"id\":9}");
        apply(schemaKey("s", 1), "{\"subject\":\"s\",\"version\":1,\"schema\":\"\\\"string\\\"\"}");
        apply(schemaKey("s", 1), "{\"subject\":\"s\",\"version\":1,\"id\":9,\"deleted\":\"yes\"}");
        apply(schemaKey("s", 1), "\u0000\u0001binary");
        state.apply(null, bytes("{}"));
        apply("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}", "{\"subject\":\"s\"}");

        SchemaRegistrySummary summary = state.summary();
        assertThat(summary.unreadable()).isEqualTo(11);
        assertThat(summary.records()).isEqualTo(12);
        assertThat(summary.subjects().get(0).versions()).isEqualTo(Map.of(1, 1));
    }

    @Test
    void shouldTellTheRegistrysKeysFromOthers() {
        assertThat(SchemaRegistryState.isRegistryKey(bytes(schemaKey("s", 1)))).isTrue();
        assertThat(SchemaRegistryState.isRegistryKey(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"))).isTrue();
        assertThat(SchemaRegistryState.isRegistryKey(bytes("{\"keytype\":\"CONTEXT\",\"tenant\":\"default\","
                + "\"context\":\".prod\",\"magic\":0}"))).isTrue();
        assertThat(SchemaRegistryState.isRegistryKey(bytes("{\"keytype\":\"ORDER\"}"))).isFalse();
        assertThat(SchemaRegistryState.isRegistryKey(bytes("order-42"))).isFalse();
        assertThat(SchemaRegistryState.isRegistryKey(null)).isFalse();
    }

    private void register(String subject, int version, int id, boolean deleted) {
        apply(schemaKey(subject, version), "{\"subject\":\"" + subject + "\",\"version\":" + version + ",\"id\":" + id
                + ",\"schema\":\"\\\"string\\\"\",\"deleted\":" + deleted + "}");
    }

    private static String schemaKey(String subject, int version) {
        return "{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":" + version + ",\"magic\":1}";
    }

    private void apply(String key, String value) {
        state.apply(bytes(key), value == null ? null : bytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
