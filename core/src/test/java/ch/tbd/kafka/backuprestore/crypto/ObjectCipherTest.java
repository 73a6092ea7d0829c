package ch.tbd.kafka.backuprestore.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authentication a block carries, beside the checksums of the object's header: a block decrypted at another place
 * than its own, or with one bit changed, is refused, even by a reader whose checksums an attacker recomputed.
 */
class ObjectCipherTest {

    @TempDir
    Path directory;

    @Test
    void shouldRefuseABlockMovedOrChanged() throws Exception {
        Path keyFile = directory.resolve("kek");
        Files.write(keyFile, new byte[32]);
        KeyRing ring = KeyRing.fromFiles(List.of(keyFile));
        ObjectCipher writer = ObjectCipher.forNewObject(ring);
        byte[] plain = "a block of records".getBytes(StandardCharsets.UTF_8);
        ByteBuffer sealed = writer.encrypt(3, ByteBuffer.wrap(plain));
        byte[] block = Arrays.copyOf(sealed.array(), sealed.limit());
        ObjectCipher reader = ObjectCipher.forObject(ring, writer.keyId(), writer.wrappedKey(), "object");

        ByteBuffer opened = reader.decrypt(3, block, block.length);

        assertThat(Arrays.copyOf(opened.array(), opened.limit())).isEqualTo(plain);
        assertThatThrownBy(() -> reader.decrypt(4, block, block.length)).isInstanceOf(AEADBadTagException.class);
        block[5] ^= 0x01;
        assertThatThrownBy(() -> reader.decrypt(3, block, block.length)).isInstanceOf(AEADBadTagException.class);
        assertThat(ObjectCipher.forNewObject(ring).wrappedKey()).as("a data key of its own per object")
                .isNotEqualTo(writer.wrappedKey());
    }
}
