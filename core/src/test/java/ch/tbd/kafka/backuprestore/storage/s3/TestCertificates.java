package ch.tbd.kafka.backuprestore.storage.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key stores and trust stores made as an operator makes them, with the JDK's keytool: a key pair with a self-signed
 * certificate, its certificate exported, and that certificate imported into a separate trust store.
 */
public final class TestCertificates {

    /** The password of every store made here. */
    public static final String PASSWORD = "test-store-password";

    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private TestCertificates() {}

    /**
     * A PKCS12 key store {@code directory/name.p12} with a new RSA key pair under the alias {@code name} and a
     * self-signed certificate for {@code subjectAlternativeNames}, such as {@code ip:127.0.0.1,dns:localhost}.
     */
    public static Path keyPair(Path directory, String name, String subjectAlternativeNames) {
        Path keyStore = directory.resolve(name + ".p12");
        keytool("-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", name, "-dname", "CN=" + name,
                "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return keyStore;
    }

    /** The certificate of the key pair {@code name} in {@code keyStore}, as a file {@code name.crt} beside it. */
    public static Path exportCertificate(Path keyStore, String name) {
        Path certificate = keyStore.resolveSibling(name + ".crt");
        keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        return certificate;
    }

    /** A trust store {@code directory/fileName} of {@code type} (PKCS12 or JKS) holding {@code certificate}. */
    public static Path trustStore(Path directory, String fileName, String type, Path certificate) {
        Path trustStore = directory.resolve(fileName);
        keytool("-importcert", "-noprompt", "-alias", "trusted", "-file", certificate.toString(),
                "-storetype", type, "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        return trustStore;
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString(), "-J-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("keytool " + arguments[0] + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while keytool " + arguments[0] + " ran", e);
        }
    }
}
