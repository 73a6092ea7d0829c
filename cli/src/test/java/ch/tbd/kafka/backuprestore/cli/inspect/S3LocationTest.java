package ch.tbd.kafka.backuprestore.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.S3ProxyServer;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection commands against a real S3-compatible server in this JVM, with keys from a config file. */
class S3LocationTest {

    private static final String BUCKET = "backups";

    private static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        s3.createBucket(BUCKET);
        try (S3Storage storage = new S3Storage(s3.settings(BUCKET))) {
            TestBackups.write(storage, new BackupLayout("prod"), 10, TestBackups.range("orders", 0, 0, 25));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void shouldVerifyAndDescribeABackupInS3() throws Exception {
        String[] location = s3.locationOptions("--from", "s3://" + BUCKET + "/prod", s3.configFile(dir));

        Cli.Result verify = Cli.run(concat(new String[] {"verify"}, location));
        Cli.Result describe = Cli.run(concat(new String[] {"describe", "orders"}, location));

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("Verified 3 objects, 25 records").doesNotContain(S3ProxyServer.SECRET_KEY);
        assertThat(describe.out()).contains("Topic orders in s3://" + BUCKET + " (prefix prod/)", "Offsets:    0..24");
    }

    @Test
    void shouldFailFatallyForAMissingBucket() throws Exception {
        Path config = s3.configFile(dir);

        Cli.Result result = Cli.run("list", "s3://no-such-bucket", "--endpoint", s3.endpoint().toString(),
                "--path-style", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("no-such-bucket").doesNotContain(S3ProxyServer.SECRET_KEY);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
