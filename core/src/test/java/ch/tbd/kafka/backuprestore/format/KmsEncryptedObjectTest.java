package ch.tbd.kafka.backuprestore.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.tbd.kafka.backuprestore.crypto.EncryptionKeyException;
import ch.tbd.kafka.backuprestore.crypto.KeyRing;
import ch.tbd.kafka.backuprestore.crypto.KmsKeys;
import ch.tbd.kafka.backuprestore.crypto.KmsTestServer;
import ch.tbd.kafka.backuprestore.storage.FailureKind;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Objects whose data keys AWS KMS wraps, through the real SDK client against a server that speaks KMS's protocol:
 * read back byte-exact by another client, readable after the configured key changes, and refused with a message
 * naming the object when the key is disabled or the wrapped key was changed; throttling is a failure that may pass.
 */
class KmsEncryptedObjectTest {

    private static final String NAME = "orders/0/orders-0-00000000000000000000.avro";

    private static KmsTestServer kms;

    @BeforeAll
    static void start() throws Exception {
        kms = KmsTestServer.start();
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    private static KeyRing ring(String keyId) {
        return KeyRing.fromKms(KmsKeys.connect(keyId, "eu-central-1", kms.endpoint(), KmsTestServer.CREDENTIALS));
    }

    private static byte[] write(KeyRing keys, List<BackupRecord> records) {
        try (BlockCompressor compressor = new BlockCompressor(Codec.ZSTD, keys)) {
            return TestObjects.write(compressor, records);
        }
    }

    private static List<BackupRecord> read(byte[] object, KeyRing keys) {
        return TestObjects.read(object, NAME, keys);
    }

    @Test
    void shouldReadBackEveryRecordWithADataKeyThatOnlyKmsUnwraps() {
        kms.createKey("alias/backup-a");
        List<BackupRecord> records = TestObjects.records("orders", 0, 0, 300);
        int encryptsBefore = kms.encrypts();

        byte[] object = write(ring("alias/backup-a"), records);

        assertThat(kms.encrypts() - encryptsBefore).as("one KMS call per object written").isEqualTo(1);
        ObjectHeader header = ObjectHeader.read(new ByteArrayInputStream(object), NAME);
        assertThat(header.encryption()).hasValueSatisfying(encryption ->
                assertThat(encryption.keyId()).isEqualTo("aws-kms:alias/backup-a"));
        KeyRing reader = ring("alias/backup-a");
        int decryptsBefore = kms.decrypts();
        TestObjects.assertSameRecords(read(object, reader), records);
        TestObjects.assertSameRecords(read(object, reader), records);
        assertThat(kms.decrypts() - decryptsBefore).as("a data key read once is kept").isEqualTo(1);
    }

    @Test
    void shouldReadObjectsOfAnEarlierKmsKeyAfterTheConfiguredKeyChanged() {
        kms.createKey("alias/backup-2025");
        kms.createKey("alias/backup-2026");
        List<BackupRecord> old = TestObjects.records("orders", 0, 0, 50);
        List<BackupRecord> recent = TestObjects.records("orders", 0, 50, 50);
        byte[] oldObject = write(ring("alias/backup-2025"), old);
        byte[] newObject = write(ring("alias/backup-2026"), recent);

        KeyRing afterRotation = ring("alias/backup-2026");

        TestObjects.assertSameRecords(read(oldObject, afterRotation), old);
        TestObjects.assertSameRecords(read(newObject, afterRotation), recent);
    }

    @Test
    void shouldNameTheObjectAndWhatToCheckWhenTheKeyIsDisabled() {
        String arn = kms.createKey("alias/backup-disabled");
        byte[] object = write(ring("alias/backup-disabled"), TestObjects.records("orders", 0, 0, 10));
        kms.disable(arn);

        assertThatThrownBy(() -> read(object, ring("alias/backup-disabled")))
                .isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining(NAME).hasMessageContaining("is disabled").hasMessageContaining("kms:Decrypt");
        assertThatThrownBy(() -> write(ring("alias/backup-disabled"), TestObjects.records("orders", 0, 0, 10)))
                .isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("alias/backup-disabled").hasMessageContaining("kms:Encrypt");
    }

    @Test
    void shouldRefuseAnObjectWhoseWrappedKeyWasChanged() {
        kms.createKey("alias/backup-tamper");
        byte[] object = write(ring("alias/backup-tamper"), TestObjects.records("orders", 0, 0, 10));
        // A Base64 character of the wrapped key's sealed part, changed for another Base64 character.
        int at = new String(object, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("data-key=")
                + "data-key=".length() + 150;
        byte[] tampered = object.clone();
        tampered[at] = (byte) (tampered[at] == 'A' ? 'B' : 'A');

        assertThatThrownBy(() -> read(tampered, ring("alias/backup-tamper")))
                .isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("KMS does not open the data key of object '" + NAME + "'");
    }

    @Test
    void shouldReportThrottlingPastTheSdksRetriesAsAFailureThatMayPass() {
        kms.createKey("alias/backup-busy");
        byte[] object = write(ring("alias/backup-busy"), TestObjects.records("orders", 0, 0, 10));
        kms.throttleNext(10);
        try {
            assertThatThrownBy(() -> read(object, ring("alias/backup-busy")))
                    .isInstanceOfSatisfying(StorageException.class, failure -> {
                        assertThat(failure.retriable()).isTrue();
                        assertThat(failure.kind()).isEqualTo(FailureKind.THROTTLED);
                        assertThat(failure.getMessage()).contains(NAME).contains("KMS");
                    });
        } finally {
            kms.throttleNext(0);
        }
        TestObjects.assertSameRecords(read(object, ring("alias/backup-busy")), TestObjects.records("orders", 0, 0,
                10));
    }
}
