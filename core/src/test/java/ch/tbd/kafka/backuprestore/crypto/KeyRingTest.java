package ch.tbd.kafka.backuprestore.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rings from real keystores and key files, and what they say when one cannot be used. */
class KeyRingTest {

    private static final char[] PASSWORD = "changeit-7".toCharArray();

    @TempDir
    Path directory;

    static Path keystore(Path file, String type, int bits, String... aliases) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(bits);
        for (String alias : aliases) {
            SecretKey key = generator.generateKey();
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(PASSWORD));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }

    @Test
    void shouldTakeEveryAesKeyOfAKeystoreAndEncryptWithTheNamedOne() throws Exception {
        for (String type : List.of("PKCS12", "JCEKS")) {
            Path file = keystore(directory.resolve("keys." + type), type, 256, "kek-2025", "kek-2026");

            KeyRing ring = KeyRing.fromKeystore(file, PASSWORD, type, "kek-2026");

            assertThat(ring.encrypts()).isTrue();
            assertThat(ring.currentId()).isEqualTo("kek-2026");
            assertThat(ring.ids()).containsExactlyInAnyOrder("kek-2025", "kek-2026");
        }
    }

    @Test
    void shouldSayWhatIsWrongWithAKeystore() throws Exception {
        Path file = keystore(directory.resolve("keys.p12"), "PKCS12", 256, "kek");
        Path small = keystore(directory.resolve("small.p12"), "PKCS12", 128, "kek");

        assertThatThrownBy(() -> KeyRing.fromKeystore(file, "wrong".toCharArray(), "PKCS12", "kek"))
                .isInstanceOf(EncryptionKeyException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("password").hasMessageNotContaining("changeit-7");
        assertThatThrownBy(() -> KeyRing.fromKeystore(file, PASSWORD, "PKCS12", "other"))
                .hasMessageContaining("alias 'other'").hasMessageContaining("[kek]");
        assertThatThrownBy(() -> KeyRing.fromKeystore(small, PASSWORD, "PKCS12", "kek"))
                .as("a 128-bit key is not taken").hasMessageContaining("no 256-bit AES key");
        assertThatThrownBy(() -> KeyRing.fromKeystore(directory.resolve("none.p12"), PASSWORD, "PKCS12", "kek"))
                .hasMessageContaining("none.p12");
    }

    @Test
    void shouldReadKeyFilesAsBytesBase64OrHex() throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7);
        }
        Files.write(directory.resolve("raw"), key);
        Files.writeString(directory.resolve("b64"), Base64.getEncoder().encodeToString(key) + "\n");
        Files.writeString(directory.resolve("hex"), HexFormat.of().formatHex(key));
        Files.writeString(directory.resolve("short"), "too short", StandardCharsets.US_ASCII);

        KeyRing ring = KeyRing.fromFiles(List.of(directory.resolve("hex"), directory.resolve("raw"),
                directory.resolve("b64")));

        assertThat(ring.currentId()).isEqualTo("hex");
        // The three files hold one key: what one wraps, the others unwrap.
        byte[] dataKey = new byte[32];
        byte[] wrapped = ring.key("raw").orElseThrow().wrap(dataKey);
        assertThat(ring.key("b64").orElseThrow().unwrap(wrapped, "b64", "object")).isEqualTo(dataKey);
        assertThat(ring.key("hex").orElseThrow().unwrap(wrapped, "hex", "object")).isEqualTo(dataKey);
        assertThat(new LocalKey(new javax.crypto.spec.SecretKeySpec(key, "AES")).unwrap(wrapped, "raw", "object"))
                .isEqualTo(dataKey);
        assertThatThrownBy(() -> KeyRing.fromFiles(List.of(directory.resolve("short"))))
                .hasMessageContaining("short").hasMessageContaining("256-bit");
        assertThat(KeyRing.NONE.encrypts()).isFalse();
    }
}
