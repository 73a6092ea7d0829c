package ch.tbd.kafka.backuprestore.cli.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.Cli;
import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.cli.S3ProxyServer;
import ch.tbd.kafka.backuprestore.format.BackupLayout;
import ch.tbd.kafka.backuprestore.format.BackupObjectWriter;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.Codec;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import ch.tbd.kafka.backuprestore.storage.ObjectStorage;
import ch.tbd.kafka.backuprestore.storage.local.LocalDirectoryStorage;
import ch.tbd.kafka.backuprestore.storage.s3.S3Settings;
import ch.tbd.kafka.backuprestore.storage.s3.S3Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-backup retention apply} over objects whose record timestamps are known, relative to now, in a local
 * directory and in s3proxy; then what describe, verify and a restore plan say about the expired offsets.
 */
class RetentionApplyCommandTest {

    private static final long DAY = TimeUnit.DAYS.toMillis(1);
    private static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void shouldRemoveExactlyTheExpiredObjectsOfALocalBackupAndReportThemAsExpired() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("backup"));
        ObjectStorage storage = new LocalDirectoryStorage(backup);
        BackupLayout layout = new BackupLayout("");
        // Objects of 10 records whose newest records are 40, 25, 12, 8 and 1 days old.
        long[] ages = {40, 25, 12, 8, 1};
        for (int i = 0; i < ages.length; i++) {
            store(storage, layout, "orders", i * 10L, ages[i]);
        }

        Cli.Result dryRun = Cli.run("retention", "apply", "--from", backup.toString(), "--days", "10", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(ExitCodes.OK);
        assertThat(dryRun.out()).contains("dry run: nothing is removed", "orders: expires after 10 days (set to 10 days)",
                "Would remove 3 objects").containsPattern("WOULD REMOVE +orders/0/orders-0-0+\\.avro");
        assertThat(objectCount(backup)).isEqualTo(5);

        Cli.Result applied = Cli.run("retention", "apply", "--from", backup.toString(), "--days", "10");

        assertThat(applied.exitCode()).as(applied.err()).isEqualTo(ExitCodes.OK);
        assertThat(applied.out()).contains("Removed 3 objects").containsPattern("REMOVED +orders/0/orders-0-0+20\\.avro")
                .doesNotContain("orders-0-00000000000000000030.avro");
        assertThat(objectCount(backup)).isEqualTo(2);

        Cli.Result describe = Cli.run("describe", "orders", "--from", backup.toString());
        assertThat(describe.out()).contains("Offsets:    30..49", "Expired:    offsets before 30 expired",
                "Holes:      0");
        Cli.Result verify = Cli.run("verify", "--from", backup.toString());
        assertThat(verify.exitCode()).as(verify.out()).isEqualTo(ExitCodes.OK);
        assertThat(verify.out()).contains("NOTE     EXPIRED orders-0: offsets before 30 expired");
        Cli.Result plan = Cli.run("restore", "--from", backup.toString(), "--topics", "orders", "--dry-run");
        assertThat(plan.out()).contains("Expired: orders-0 offsets before 30 expired")
                .contains("not in the backup, so not restored");
    }

    @Test
    void shouldTellAHoleAfterTheExpiredOffsetsFromTheExpiredOnes() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("backup"));
        ObjectStorage storage = new LocalDirectoryStorage(backup);
        BackupLayout layout = new BackupLayout("");
        long[] ages = {40, 5, 3, 1};
        for (int i = 0; i < ages.length; i++) {
            store(storage, layout, "orders", i * 10L, ages[i]);
        }
        Cli.run("retention", "apply", "--from", backup.toString(), "--days", "10");
        // An object lost after the sweep: offsets 10..19 are missing, not expired.
        storage.delete(layout.objectKey("orders", 0, 10));

        Cli.Result verify = Cli.run("verify", "--from", backup.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
        assertThat(verify.out()).contains("offsets before 10 expired")
                .contains("HOLE     orders/0/orders-0-00000000000000000020.avro: offset hole 10..19");
    }

    @Test
    void shouldSweepABackupInAnS3CompatibleStore() throws Exception {
        String bucket = "sweep";
        s3.createBucket(bucket);
        S3Settings settings = s3.settings(bucket);
        BackupLayout layout = new BackupLayout("prod");
        try (S3Storage storage = new S3Storage(settings)) {
            store(storage, layout, "payments", 0, 30);
            store(storage, layout, "payments", 10, 2);
        }
        String[] location = s3.locationOptions("--from", "s3://" + bucket + "/prod", s3.configFile(dir));

        Cli.Result applied = Cli.run(Stream.concat(Stream.of("retention", "apply", "--days", "7"),
                Stream.of(location)).toArray(String[]::new));

        assertThat(applied.exitCode()).as(applied.err()).isEqualTo(ExitCodes.OK);
        assertThat(applied.out()).contains("Removed 1 object").doesNotContain(S3ProxyServer.SECRET_KEY);
        try (S3Storage storage = new S3Storage(settings);
                Stream<?> left = storage.list("prod/payments/")) {
            assertThat(left.count()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseANegativeOrMissingRetention() {
        Cli.Result negative = Cli.run("retention", "apply", "--from", dir.toString(), "--days", "-7");
        Cli.Result missing = Cli.run("retention", "apply", "--from", dir.toString());

        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err()).contains("--days: -7 days is negative");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("Give --days N, or --bootstrap-server");
    }

    /** Stores ten records from {@code firstOffset}, the newest {@code ageDays} old, the others a minute apart before. */
    private static void store(ObjectStorage storage, BackupLayout layout, String topic, long firstOffset,
            long ageDays) {
        long newest = System.currentTimeMillis() - ageDays * DAY;
        BackupObjectWriter writer = new BackupObjectWriter(topic, 0, Codec.ZSTD, 64 * 1024);
        for (int i = 0; i < 10; i++) {
            writer.append(new BackupRecord(topic, 0, firstOffset + i, newest - (9 - i) * 60_000L,
                    TimestampType.CREATE_TIME, null, ("v" + i).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        storage.put(layout.objectKey(topic, 0, firstOffset), writer.finish().content());
    }

    private static long objectCount(Path backup) {
        List<Path> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(backup)) {
            files.filter(path -> path.toString().endsWith(".avro")).forEach(objects::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return objects.size();
    }
}
