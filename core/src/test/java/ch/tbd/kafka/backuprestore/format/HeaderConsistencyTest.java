package ch.tbd.kafka.backuprestore.format;

import static ch.tbd.kafka.backuprestore.format.TestObjects.readAll;
import static ch.tbd.kafka.backuprestore.format.TestObjects.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The records must be exactly the ones the header announces, even when length and checksum match: a header copied from
 * another object, or records of another partition, are damage too.
 */
class HeaderConsistencyTest {

    private static final String OBJECT_NAME = "backup/t/0/t-0-00000000000000000010.avro";
    private static final List<BackupRecord> RECORDS = records("t", 0, 10, 5);

    @Test
    void shouldReadAnHonestCraftedObject() {
        byte[] object = CraftedObjects.withMetadata(RECORDS, meta -> {});

        TestObjects.assertSameRecords(readAll(object, OBJECT_NAME), RECORDS);
    }

    @Test
    void shouldRefuseFewerRecordsThanAnnounced() {
        assertCorrupt(meta -> meta.put("kafka.backup.record.count", "6"), "holds 5 records");
    }

    @Test
    void shouldRefuseMoreRecordsThanAnnounced() {
        assertCorrupt(meta -> meta.put("kafka.backup.record.count", "4"), "holds 5 records");
    }

    @Test
    void shouldRefuseALastOffsetBeyondTheRecords() {
        assertCorrupt(meta -> meta.put("kafka.backup.last.offset", "15"), "up to offset 14");
    }

    @Test
    void shouldRefuseRecordsBeyondTheAnnouncedRange() {
        assertCorrupt(meta -> meta.put("kafka.backup.last.offset", "13"), "outside its range 10..13");
        assertCorrupt(meta -> meta.put("kafka.backup.first.offset", "11"), "outside its range 11..14");
    }

    @Test
    void shouldRefuseRecordsOfAnotherTopicOrPartition() {
        assertCorrupt(meta -> meta.put("kafka.backup.topic", "u"), "holds a record of t-0 but its header says u-0");
        assertCorrupt(meta -> meta.put("kafka.backup.partition", "1"), "holds a record of t-0 but its header says t-1");
    }

    @Test
    void shouldRefuseRecordsOutOfOrder() {
        List<BackupRecord> shuffled = new ArrayList<>(RECORDS);
        shuffled.add(1, shuffled.remove(3));

        byte[] object = CraftedObjects.withMetadata(shuffled, meta -> meta.put("kafka.backup.last.offset", "14"));

        assertThatThrownBy(() -> readAll(object, OBJECT_NAME))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(OBJECT_NAME)
                .hasMessageContaining("out of order");
    }

    @Test
    void shouldRefuseAWrongDataLengthOrChecksum() {
        // The block table in the header gives the true length: a different announced length is caught at once.
        assertCorrupt(meta -> meta.put("kafka.backup.data.length", "10"), "announces 10 data bytes");
        assertCorrupt(meta -> meta.put("kafka.backup.data.length", "100000"), "announces 100000 data bytes");
        assertCorrupt(meta -> meta.put("kafka.backup.data.crc32c", "1234"), "fails its checksum");
    }

    private static void assertCorrupt(Consumer<Map<String, String>> lie, String reason) {
        byte[] object = CraftedObjects.withMetadata(RECORDS, lie);

        assertThatThrownBy(() -> readAll(object, OBJECT_NAME))
                .isInstanceOfSatisfying(CorruptObjectException.class,
                        e -> assertThat(e.objectName()).isEqualTo(OBJECT_NAME))
                .hasMessageContaining("'" + OBJECT_NAME + "'")
                .hasMessageContaining(reason);
    }
}
