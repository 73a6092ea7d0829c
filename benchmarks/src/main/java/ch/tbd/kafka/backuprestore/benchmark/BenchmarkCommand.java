package ch.tbd.kafka.backuprestore.benchmark;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures backup and restore against Kafka's own consumer and producer on this machine and against what Kafka
 * Connect itself delivers (the Connect floor), and the Connect worker's memory, and writes the figures to
 * {@code docs/benchmarks.md}. Run from the repository's root after {@code mvn -B -q package -DskipTests -pl benchmarks
 * -am}.
 */
@Command(name = "kafka-backup-benchmarks", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BenchmarkCommand.Version.class,
        description = "Starts a Kafka broker and a Connect worker (separate JVMs) and an S3-compatible server on local"
                + " disk, loads a data set and measures backup and restore throughput against ConsumerPerformance and"
                + " ProducerPerformance and against connectors that do nothing (the Connect floor), a point-in-time"
                + " restore's reads, the time and requests a restore and describe take to plan over many objects,"
                + " the worker's memory, and the worker's profile (JFR).")
public final class BenchmarkCommand implements Callable<Integer> {

    static final String BUILD_COMMAND = "mvn -B -q package -DskipTests -pl benchmarks -am";
    static final String RUN_COMMAND = "java -jar benchmarks/target/kafka-backup-benchmarks.jar";
    /** Records of every object of the planning phase's backup: small objects, so that their number is what counts. */
    static final int CATALOG_RECORDS_PER_OBJECT = 20;

    @Spec
    private CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000", description = "Records of the data set (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "8", description = "Partitions of its topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--record-size", paramLabel = "BYTES", defaultValue = "1024",
            description = "Bytes of every value; the key and two headers add 84 more (default: ${DEFAULT-VALUE}).")
    private int valueBytes;

    @Option(names = "--tasks", paramLabel = "T", defaultValue = "1", description = "tasks.max of the connectors (default: ${DEFAULT-VALUE}).")
    private int tasks;

    @Option(names = "--time-span-minutes", paramLabel = "MINUTES", defaultValue = "60",
            description = "Span of the record timestamps, ending now (default: ${DEFAULT-VALUE}).")
    private int timeSpanMinutes;

    @Option(names = "--window-percent", paramLabel = "PERCENT", defaultValue = "1",
            description = "Share of the time range that the point-in-time restore restores (default: ${DEFAULT-VALUE}).")
    private double windowPercent;

    @Option(names = "--catalog-objects", paramLabel = "N", defaultValue = "100000",
            description = "Objects of the backup that the planning phase generates straight into the S3 server's"
                    + " store, 0 to skip the phase (default: ${DEFAULT-VALUE}).")
    private int catalogObjects;

    @Option(names = "--catalog-partitions", paramLabel = "P", defaultValue = "10",
            description = "Partitions of that backup, filled in turn (default: ${DEFAULT-VALUE}).")
    private int catalogPartitions;

    @Option(names = "--memory-partitions", paramLabel = "P", defaultValue = "1000",
            description = "Partitions of the topic of the memory phase (default: ${DEFAULT-VALUE}).")
    private int memoryPartitions;

    @Option(names = "--memory-records", paramLabel = "N", description = "Records of the topic of the memory phase (default: --records).")
    private Integer memoryRecords;

    @Option(names = "--warm-up-records", paramLabel = "N", description = "Records of the warm-up backup and restore"
            + " before the measured runs, 0 for none (default: a fifth of --records).")
    private Integer warmUpRecords;

    @Option(names = "--phase-timeout-minutes", paramLabel = "MINUTES", defaultValue = "30",
            description = "Longest wait for one backup or restore (default: ${DEFAULT-VALUE}).")
    private int phaseTimeoutMinutes;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Where a run directory with the logs and data is created (default:"
            + " the directory of the benchmark's jar).")
    private Path runParent;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/benchmarks.md",
            description = "The Markdown report to write (default: ${DEFAULT-VALUE}).")
    private Path report;

    @Option(names = "--no-report", description = "Print the figures only.")
    private boolean noReport;

    @Option(names = "--keep-data", description = "Keep the run's data (the broker's logs, the S3 server's store, the"
            + " backups) in the run directory; by default only the logs, configurations and recordings stay.")
    private boolean keepData;

    @Option(names = "--profile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Record the first Connect worker with JFR (settings=profile) into the run directory and"
                    + " report its profile of the backup, the restore and their Connect floors (default: on).")
    private boolean profile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (windowPercent <= 0 || windowPercent > 100 || tasks < 1 || memoryPartitions < 1 || phaseTimeoutMinutes < 1
                || catalogPartitions < 1 || catalogObjects < 0
                || catalogObjects > 0 && catalogObjects < catalogPartitions) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window-percent must be in (0, 100];"
                    + " --tasks, --memory-partitions, --phase-timeout-minutes and --catalog-partitions at least 1;"
                    + " --catalog-objects 0 or at least --catalog-partitions");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path target = jarDirectory();
        RunDirectory run = RunDirectory.create(runParent == null ? target : runParent);
        run.configureDriverLogging();
        out.printf("Run directory (logs, data, configurations): %s%n", run.root());
        out.flush();

        long span = Duration.ofMinutes(timeSpanMinutes).toMillis();
        // Timestamps end a minute ago: the broker refuses records from too far in the future.
        long first = System.currentTimeMillis() - span - 60_000;
        DataSet data = new DataSet(records, partitions, valueBytes, first, span);
        DataSet memoryData = new DataSet(memoryRecords == null ? records : memoryRecords, memoryPartitions,
                valueBytes, first, span);
        int warmUp = warmUpRecords == null ? records / 5 : warmUpRecords;
        DataSet warmUpData = warmUp < 1 ? null : new DataSet(warmUp, partitions, valueBytes, first, span);
        // Small records over the data set's time span, so that the window of the point-in-time restores is the same.
        CatalogDataSet catalog = catalogObjects == 0 ? null : new CatalogDataSet(catalogObjects, catalogPartitions,
                CATALOG_RECORDS_PER_OBJECT, JsonLikeValues.MIN_BYTES, first, span);
        List<Path> pluginPath = List.of(built(target.resolve("connect-plugins"), "unpacked plugin archive"),
                built(target.resolve("connect-floor-plugins"), "Connect floor plugin"));
        BenchmarkRun.Settings settings = new BenchmarkRun.Settings(run, target.resolve("lib"), pluginPath, data,
                memoryData, warmUpData, catalog, tasks, windowPercent, Duration.ofMinutes(phaseTimeoutMinutes), profile,
                command());
        Results results;
        try {
            results = new BenchmarkRun(settings, out).execute();
        } finally {
            if (!keepData) {
                run.deleteData();
            }
        }

        out.print(new Report(results).console());
        if (!noReport) {
            Path file = report.toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, BenchmarksDocument.render(results), StandardCharsets.UTF_8);
            out.printf("%nWrote %s%n", file);
        }
        out.printf("Logs of this run: %s%n", run.root().resolve("logs"));
        out.flush();
        return 0;
    }

    private static Path built(Path directory, String what) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no " + what + " in " + directory + ": build with " + BUILD_COMMAND);
        }
        return directory;
    }

    /** The exact command, as the report gives it to whoever wants to measure again. */
    private String command() {
        StringBuilder command = new StringBuilder(BUILD_COMMAND + " && " + RUN_COMMAND);
        for (String argument : spec.commandLine().getParseResult().originalArgs()) {
            command.append(' ').append(argument);
        }
        return command.toString();
    }

    /** The project's version and the Kafka and s3proxy versions the benchmark runs. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"kafka-backup-benchmarks " + Versions.project() + " (Kafka " + Versions.kafka()
                    + ", s3proxy " + Versions.s3proxy() + ")"};
        }
    }

    private static Path jarDirectory() throws URISyntaxException {
        Path location = Path.of(BenchmarkCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // target/kafka-backup-benchmarks.jar, or target/classes when run from an IDE.
        return location.getParent();
    }
}
