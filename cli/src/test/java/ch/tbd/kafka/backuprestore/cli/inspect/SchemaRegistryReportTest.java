package ch.tbd.kafka.backuprestore.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.options.OpenBackup;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Schema Registry section of {@code describe}, over backups written as the backup connector writes them. */
class SchemaRegistryReportTest {

    @TempDir
    Path backup;

    @Test
    void shouldSummariseASchemasBackupReadAcrossItsObjects() {
        TestBackups.write(backup, 3, registryRecords("_schemas", 0));

        assertThat(report("_schemas")).isEqualTo("""
                Schema Registry (Confluent, from the records): 3 subjects, 5 versions, 5 schema ids (highest 7),\
                 1 soft-deleted version
                  orders-key  versions 1
                  orders-value  versions 1, 2, 3
                  payments-value  versions 1 (soft-deleted: 2)
                  Settings: 1 compatibility, 0 mode
                """);
    }

    @Test
    void shouldRecogniseTheRegistrysTopicUnderAnotherNameByItsKeysAndNoOtherTopic() {
        List<BackupRecord> records = new ArrayList<>(registryRecords("schemas-prod", 0));
        records.addAll(TestBackups.range("orders", 0, 0, 5));
        TestBackups.write(backup, 100, records);

        assertThat(report("schemas-prod")).startsWith("Schema Registry (Confluent, from the records): 3 subjects");
        assertThat(report("orders")).isEmpty();
    }

    /** A rewrite after a crash leaves two objects holding the same offsets: each is applied once. */
    @Test
    void shouldReadEachOffsetOnceWhereObjectsOverlap() {
        List<BackupRecord> records = new ArrayList<>(registryRecords("_schemas", 0));
        records.add(record("_schemas", records.size(), "not the registry's", "{}"));
        records.addAll(registryRecords("_schemas", records.size()));
        TestBackups.write(backup.resolve("first"), 100, records.subList(0, 12));
        TestBackups.write(backup.resolve("first"), 100, records.subList(8, records.size()));

        assertThat(report("_schemas", backup.resolve("first"))).contains("3 subjects, 5 versions")
                .contains("  1 of " + records.size() + " records are not the registry's");
    }

    @Test
    void shouldSayWhenEverySubjectIsGoneAndListAllSoftDeletedOnes() {
        TestBackups.write(backup, 10, List.of(
                record("_schemas", 0, "{\"keytype\":\"NOOP\",\"magic\":0}", null),
                schema("_schemas", 1, "old-value", 1, 1, true),
                schema("_schemas", 2, "old-value", 2, 2, true)));

        assertThat(report("_schemas")).isEqualTo("""
                Schema Registry (Confluent, from the records): 0 subjects, 0 versions, 2 schema ids (highest 2),\
                 2 soft-deleted versions
                  old-value  no live versions (soft-deleted: 1, 2)
                """);
    }

    @Test
    void shouldPrintLongRunsOfVersionsAsRanges() {
        assertThat(SchemaRegistryReport.versions(List.of(1, 2, 3))).isEqualTo("1, 2, 3");
        assertThat(SchemaRegistryReport.versions(List.of(1, 2, 3, 4, 5, 7, 9, 10))).isEqualTo("1..5, 7, 9, 10");
        assertThat(SchemaRegistryReport.versions(List.of(Integer.MAX_VALUE - 1, Integer.MAX_VALUE)))
                .isEqualTo((Integer.MAX_VALUE - 1) + ", " + Integer.MAX_VALUE);
    }

    /**
     * As a registry writes them: three subjects, orders-value with versions 1 to 3, orders-key with 1, payments-value
     * with 1 and a soft-deleted 2; orders-key's schema is payments-value's and so has its id; ids 5 and 6 went with
     * versions deleted for good (soft delete, then tombstone), so the highest id is 7.
     */
    private static List<BackupRecord> registryRecords(String topic, int firstOffset) {
        int offset = firstOffset;
        return List.of(
                record(topic, offset++, "{\"keytype\":\"NOOP\",\"magic\":0}", null),
                record(topic, offset++, "{\"keytype\":\"CONFIG\",\"magic\":0}",
                        "{\"compatibilityLevel\":\"BACKWARD\"}"),
                schema(topic, offset++, "orders-value", 1, 1, false),
                schema(topic, offset++, "orders-value", 2, 2, false),
                schema(topic, offset++, "payments-value", 1, 3, false),
                schema(topic, offset++, "orders-key", 1, 3, false),
                schema(topic, offset++, "payments-value", 2, 4, false),
                schema(topic, offset++, "orders-value", 3, 5, false),
                schema(topic, offset++, "scratch-value", 1, 6, false),
                schema(topic, offset++, "scratch-value", 1, 6, true),
                record(topic, offset++, schemaKey("scratch-value", 1), null),
                schema(topic, offset++, "orders-value", 3, 5, true),
                record(topic, offset++, schemaKey("orders-value", 3), null),
                schema(topic, offset++, "orders-value", 3, 7, false),
                schema(topic, offset, "payments-value", 2, 4, true));
    }

    /** A schema version's record; each id has a schema text of its own, as the registry assigns ids. */
    private static BackupRecord schema(String topic, int offset, String subject, int version, int id,
            boolean deleted) {
        String schema = "{\\\"type\\\":\\\"enum\\\",\\\"name\\\":\\\"E" + id
                + "\\\",\\\"symbols\\\":[\\\"A\\\"]}";
        return record(topic, offset, schemaKey(subject, version), "{\"subject\":\"" + subject + "\",\"version\":"
                + version + ",\"id\":" + id + ",\"schema\":\"" + schema + "\",\"deleted\":" + deleted + "}");
    }

    private static String schemaKey(String subject, int version) {
        return "{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":" + version + ",\"magic\":1}";
    }

    private static BackupRecord record(String topic, int offset, String key, String value) {
        return new BackupRecord(topic, 0, offset, TestBackups.BASE_TIMESTAMP + offset, TimestampType.CREATE_TIME,
                key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                List.of());
    }

    private String report(String topic) {
        return report(topic, backup);
    }

    private static String report(String topic, Path location) {
        StringWriter text = new StringWriter();
        try (OpenBackup opened = new OpenBackup(new LocalDirectoryStorage(location), new BackupLayout(""));
             PrintWriter out = new PrintWriter(text)) {
            SchemaRegistryReport.print(out, opened, topic, opened.catalog().partitions(topic));
        }
        return text.toString();
    }
}
