package ch.tbd.kafka.backuprestore.benchmark;

import ch.tbd.kafka.backuprestore.cli.KafkaBackupCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Planning at scale: over a backup of many small objects, how long a restore, a point-in-time restore and the
 * command-line tool's {@code describe} take before their first result, and the requests they make of the S3 server
 * meanwhile. Each counts the requests from its own start; the restores run on the worker of the other phases.
 */
final class PlanningPhase {

    /** Finer than the other phases' polling: the time to a first record is seconds, not minutes. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long the S3 server must have answered nothing before a measurement starts. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Pattern OBJECTS = Pattern.compile("^\\s*Objects:\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private final PhaseContext on;

    PlanningPhase(PhaseContext on) {
        this.on = on;
    }

    /** The whole topic, until the target's first record; the rest of the restore is not waited for. */
    Planned restore(String connector, String sourceTopic, String targetTopic, String bucket) throws Exception {
        return untilRecords(connector, on.configs().restore(sourceTopic, targetTopic, bucket, on.bootstrapServers()),
                targetTopic, 1).get(0);
    }

    /** A time window, until the target's first record and until it holds all {@code expected} records. */
    List<Planned> restoreWindow(String connector, String sourceTopic, String targetTopic, String bucket, long from,
            long to, long expected) throws Exception {
        return untilRecords(connector, on.configs().pointInTimeRestore(sourceTopic, targetTopic, bucket,
                on.bootstrapServers(), from, to), targetTopic, 1, expected);
    }

    /**
     * Times a restore from the creation of its connector until the target topic holds each of {@code counts} records in
     * turn, with the requests the S3 server had answered by each; deletes the connector then.
     */
    private List<Planned> untilRecords(String connector, Map<String, String> config, String targetTopic,
            long... counts) throws Exception {
        awaitQuiet();
        on.s3().resetRequests();
        long started = System.nanoTime();
        on.worker().rest().putConnector(connector, config);
        List<Planned> reached = new ArrayList<>();
        for (long count : counts) {
            on.awaitConnector(connector, POLL, () -> on.offsets().recordCount(targetTopic) >= count,
                    () -> "The restore " + connector + " did not write " + count + " records to "
                    + targetTopic + "; see " + on.worker().log());
            reached.add(new Planned(System.nanoTime() - started, on.s3().requests()));
        }
        on.worker().rest().deleteConnector(connector);
        return reached;
    }

    /**
     * {@code kafka-backup describe} in this JVM, as an operator runs it against the bucket: the endpoint and region on
     * the command line, the credentials in a file of connector keys, as the tool takes secrets only from there. Checks
     * that it found every object.
     */
    Planned describe(String bucket, String topic, Path configFile, int objects) throws Exception {
        Files.writeString(configFile, "s3.access.key.id=" + S3ServerOnDisk.ACCESS_KEY + "\ns3.secret.access.key="
                + S3ServerOnDisk.SECRET_KEY + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KafkaBackupCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        awaitQuiet();
        on.s3().resetRequests();
        long started = System.nanoTime();
        int exit = cli.execute("describe", topic, "--from", "s3://" + bucket,
                "--endpoint", on.s3().endpoint().toString(), "--region", S3ServerOnDisk.REGION, "--path-style",
                "--config", configFile.toString());
        Planned planned = new Planned(System.nanoTime() - started, on.s3().requests());
        long described = 0;
        for (Matcher matcher = OBJECTS.matcher(out.toString()); matcher.find(); ) {
            described += Long.parseLong(matcher.group(1));
        }
        if (exit != 0 || described != objects) {
            throw new IllegalStateException("kafka-backup describe exited with " + exit + " and described " + described
                    + " of " + objects + " objects: " + err + out);
        }
        return planned;
    }

    /**
     * Waits until the S3 server has answered nothing for {@link #QUIET}: a deleted connector's task stops after the
     * REST call returns, and its last requests must not count in the next measurement.
     */
    private void awaitQuiet() throws InterruptedException {
        long[] last = {-1};
        long[] since = {0};
        Await.until(() -> {
            long requests = on.s3().requests().total();
            if (requests != last[0]) {
                last[0] = requests;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= QUIET.toNanos();
        }, POLL, on.timeout(), () -> "The S3 server kept answering requests after the last measurement");
    }

    /** The time from a measurement's start to a moment, and the requests the S3 server had answered by then. */
    record Planned(long nanos, S3ServerOnDisk.Requests requests) {

        double seconds() {
            return nanos / 1e9;
        }
    }

    /**
     * One run of the phase.
     *
     * @param storedBytes    what the generated objects take in the store
     * @param windowRecords  the records of the window, computed from the generated timestamps
     * @param windowFirst    the point-in-time restore until its first record
     * @param windowAll      the point-in-time restore until the target held all {@code windowRecords}
     */
    record Result(CatalogDataSet data, long storedBytes, Planned restore, Planned windowFirst, Planned windowAll,
            long windowRecords, Planned describe) {}
}
