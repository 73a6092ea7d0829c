package ch.tbd.kafka.backuprestore.cli.inspect;

import ch.tbd.kafka.backuprestore.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListAndDescribeCommandTest {

    @TempDir
    Path backup;

    @BeforeEach
    void writeBackup() {
        List<ch.tbd.kafka.backuprestore.format.BackupRecord> records = new ArrayList<>();
        records.addAll(TestBackups.range("orders", 0, 0, 30));
        records.addAll(TestBackups.range("orders", 1, 0, 5));
        records.addAll(TestBackups.range("payments", 0, 100, 107));
        TestBackups.write(backup, 10, records);
    }

    @Test
    void shouldListTopicsWithTheirSize() {
        Cli.Result result = Cli.run("list", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).containsSubsequence("TOPIC", "PARTITIONS", "OBJECTS", "RECORDS", "BYTES");
        assertThat(lines.get(1).split("\\s+")).startsWith("orders", "2", "4", "35");
        assertThat(lines.get(2).split("\\s+")).startsWith("payments", "1", "1", "7");
    }

    @Test
    void shouldAcceptTheLocationAsArgumentAndUnderTheAlias() {
        Cli.Result result = Cli.run("ls", backup.toUri().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("orders").contains("payments");
    }

    @Test
    void shouldListAsJson() {
        Cli.Result result = Cli.run("list", "--json", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().strip())
                .startsWith("{\"location\":")
                .contains("{\"topic\":\"orders\",\"partitions\":2,\"objects\":4,\"records\":35,\"bytes\":")
                .contains("{\"topic\":\"payments\",\"partitions\":1,\"objects\":1,\"records\":7,\"bytes\":");
    }

    @Test
    void shouldDescribeEachPartition() {
        Cli.Result result = Cli.run("describe", "orders", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).containsSubsequence(
                "Partition 0", "Offsets:    0..29", "Records:    30", "Objects:    3",
                "Timestamps: 2026-01-01T00:00:00Z .. 2026-01-01T00:00:29Z", "Holes:      0", "Overlaps:   0",
                "Partition 1", "Offsets:    0..4", "Records:    5", "Objects:    1");
    }

    @Test
    void shouldDescribeOnePartition() {
        Cli.Result result = Cli.run("describe", "orders", "--partition", "1", "--from", backup.toString());

        assertThat(result.out()).contains("Partition 1").doesNotContain("Partition 0");
    }

    @Test
    void shouldReportHolesAndOverlaps() {
        // A hole: offsets 40..49 never stored; an overlap: a rewrite that started at 55, inside the object at 50.
        TestBackups.write(backup, 10, TestBackups.range("gappy", 0, 30, 40));
        TestBackups.write(backup, 10, TestBackups.range("gappy", 0, 50, 60));
        TestBackups.write(backup, 10, TestBackups.range("gappy", 0, 55, 65));

        Cli.Result result = Cli.run("describe", "gappy", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("Offsets:    30..64", "Holes:      1", "Overlaps:   1",
                "offset hole 40..49 (10 offsets) between " + TestBackups.key("gappy", 0, 30) + " and "
                        + TestBackups.key("gappy", 0, 50),
                "overlap 55..59 (5 offsets) between " + TestBackups.key("gappy", 0, 50) + " and "
                        + TestBackups.key("gappy", 0, 55));
    }

    @Test
    void shouldFailForAnUnknownTopic() {
        Cli.Result result = Cli.run("describe", "nope", "--from", backup.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FATAL_FAILURE);
        assertThat(result.err()).contains("no backup of topic 'nope'");
    }
}
