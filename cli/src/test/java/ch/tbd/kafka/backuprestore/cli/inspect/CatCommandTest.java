package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import ch.tbd.kafka.backuprestore.format.TimestampType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatCommandTest {

    @TempDir
    Path backup;

    @Test
    void shouldPrintRecordsAsJsonLines() {
        List<BackupRecord> records = List.of(
                new BackupRecord("t", 0, 0, null, TimestampType.NO_TIMESTAMP_TYPE, null, new byte[0], List.of()),
                new BackupRecord("t", 0, 1, 1234L, TimestampType.CREATE_TIME, utf8("k\u00e9"),
                        new byte[] {0, (byte) 0xff, 1}, List.of(new BackupHeader("h", null),
                                new BackupHeader("h", utf8("v")), new BackupHeader("bin", new byte[] {(byte) 0xc3}))),
                new BackupRecord("t", 0, 2, 99L, TimestampType.LOG_APPEND_TIME, new byte[0],
                        utf8("say \"hi\"\n\\"), List.of()));
        TestBackups.write(backup, 2, records);

        Cli.Result result = Cli.run("cat", "t", "0", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().lines()).containsExactly(
                "{\"topic\":\"t\",\"partition\":0,\"offset\":0,\"timestamp\":null,\"timestampType\":\"NO_TIMESTAMP_TYPE\","
                        + "\"key\":null,\"value\":\"\",\"headers\":[]}",
                "{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"timestamp\":1234,\"timestampType\":\"CREATE_TIME\","
                        + "\"key\":\"k\u00e9\",\"value\":{\"base64\":\"AP8B\"},\"headers\":[{\"key\":\"h\",\"value\":null},"
                        + "{\"key\":\"h\",\"value\":\"v\"},{\"key\":\"bin\",\"value\":{\"base64\":\"ww==\"}}]}",
                "{\"topic\":\"t\",\"partition\":0,\"offset\":2,\"timestamp\":99,\"timestampType\":\"LOG_APPEND_TIME\","
                        + "\"key\":\"\",\"value\":\"say \\\"hi\\\"\\n\\\\\",\"headers\":[]}");
    }

    @Test
    void shouldStartAtAnOffsetAndStopAtTheLimit() {
        TestBackups.write(backup, 10, TestBackups.range("t", 3, 0, 30));

        Cli.Result result = Cli.run("cat", "t", "3", "--from-offset", "15", "--limit", "7", "--from",
                backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().lines().map(line -> line.replaceAll(".*\"offset\":(\\d+),.*", "$1")))
                .containsExactly("15", "16", "17", "18", "19", "20", "21");
    }

    @Test
    void shouldPrintOverlappingOffsetsOnce() {
        List<BackupRecord> records = new ArrayList<>(TestBackups.range("t", 0, 0, 10));
        TestBackups.write(backup, 10, records);
        TestBackups.write(backup, 10, TestBackups.range("t", 0, 5, 15));

        Cli.Result result = Cli.run("cat", "t", "0", "--from", backup.toString());

        assertThat(result.out().lines()).hasSize(15);
    }

    @Test
    void shouldFailForAMissingPartition() {
        TestBackups.write(backup, 10, TestBackups.range("t", 0, 0, 3));

        Cli.Result result = Cli.run("cat", "t", "9", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("no backup of t-9");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
