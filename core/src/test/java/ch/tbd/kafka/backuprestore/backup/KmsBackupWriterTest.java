package ch.tbd.kafka.backuprestore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.crypto.KmsKeys;
import ch.tbd.kafka.backuprestore.crypto.KmsTestServer;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectReader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.KeyedStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backup whose data keys AWS KMS wraps: when KMS throttles the call that opens a partition's new object, the
 * partition gets the failure that the connector retries (rewind to that record and pause), and nothing is lost.
 */
class KmsBackupWriterTest {

    @Test
    void shouldHandAKmsThrottlingOfANewObjectToTheRetriesOfItsPartition() throws Exception {
        try (KmsTestServer kms = KmsTestServer.start()) {
            kms.createKey("alias/backup");
            InMemoryStorage plain = new InMemoryStorage();
            KeyedStorage storage = new KeyedStorage(plain, KeyRing.fromKms(KmsKeys.connect("alias/backup",
                    "eu-central-1", kms.endpoint(), KmsTestServer.CREDENTIALS)));
            BackupWriter writer = new BackupWriter(storage, new BackupLayout(""), Codec.ZSTD,
                    new RotationPolicy(5, -1, -1, Long.MAX_VALUE), Long.MAX_VALUE, 64 * 1024, Clock.systemUTC());

            kms.throttleNext(10);
            ObjectUploadException failure = catchThrowableOfType(ObjectUploadException.class,
                    () -> writer.write(record(0)));
            kms.throttleNext(0);

            assertThat(failure).isNotNull();
            assertThat(failure.retriable()).isTrue();
            assertThat(failure.partition()).isEqualTo(new TopicPartitionId("orders", 0));
            assertThat(failure.startOffset()).as("redelivered from the record that opened the object").isZero();
            assertThat(failure.getMessage()).contains("orders-0-00000000000000000000.avro").contains("KMS");
            for (long offset = 0; offset < 5; offset++) {
                writer.write(record(offset));
            }
            writer.storeAll();
            writer.close();
            assertThat(plain.objects).hasSize(1);
            List<BackupRecord> read = new ArrayList<>();
            String key = plain.objects.keySet().iterator().next();
            try (BackupObjectReader reader = BackupObjectReader.open(storage.get(key), key, storage.keyRing())) {
                reader.forEachRemaining(read::add);
            }
            assertThat(read).extracting(BackupRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
    }

    private static BackupRecord record(long offset) {
        return new BackupRecord("orders", 0, offset, 1000L + offset, TimestampType.CREATE_TIME,
                ("k" + offset).getBytes(), ("v" + offset).getBytes(), List.of());
    }
}
