package ch.tbd.kafka.backuprestore.benchmark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One run of every phase, in an order that keeps them apart: the ceilings right before what they bound, the Connect
 * floors on the same worker as our connectors, and a fresh worker for each memory figure. Phases follow each other,
 * never overlap, so each has the machine to itself (with the broker and the S3 server it needs).
 */
final class BenchmarkRun {

    static final String TOPIC = "benchmark";
    private static final String MANY_PARTITIONS_TOPIC = "benchmark-many-partitions";

    private final Settings settings;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final String loadAverageAtStart = Machine.loadAverage();

    BenchmarkRun(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * @param lib         the child processes' class path directory
     * @param pluginPath  the worker's plugin.path: the unpacked plugin archive and the Connect floor's plugin
     * @param command     the command line, for the report
     */
    record Settings(RunDirectory run, Path lib, List<Path> pluginPath, DataSet data, DataSet memoryData, int tasks,
            double windowPercent, Duration phaseTimeout, boolean profile, String command) {}

    Results execute() throws Exception {
        RunDirectory run = settings.run();
        ChildProcess.Classpath classpath = new ChildProcess.Classpath(settings.lib());
        DataSet data = settings.data();
        try (S3ServerOnDisk s3 = S3ServerOnDisk.start(run.directory("s3"));
                BrokerProcess broker = BrokerProcess.start(run, classpath);
                TopicOffsets offsets = new TopicOffsets(broker.bootstrapServers())) {
            progress("Started s3proxy at %s and a Kafka broker at %s", s3.endpoint(), broker.bootstrapServers());
            String bootstrap = broker.bootstrapServers();
            DataSetLoader loader = new DataSetLoader(bootstrap);
            PerformanceTool tools = new PerformanceTool(run, classpath, bootstrap);
            ConnectorConfigs configs = new ConnectorConfigs(s3, settings.tasks());

            MemoryPhase.Result memory;
            BackupPhase.Result backupZstd;
            BackupPhase.Result backupNone;
            Throughput sinkFloor;
            Throughput producerCeiling;
            Throughput sourceFloor;
            RestorePhase.Result restore;
            RestorePhase.Result window;
            Throughput consumerCeiling;
            try (ConnectWorkerProcess worker = startWorker("connect-1", bootstrap)) {
                progress("Started a Connect worker at pid %d (log %s)", worker.pid(), worker.log());
                loader.load(TOPIC, data);
                progress("Loaded %,d records (%,d bytes) into topic %s", data.records(), data.totalBytes(), TOPIC);

                consumerCeiling = tools.consume(TOPIC, data);
                progress("ConsumerPerformance: %s", describe(consumerCeiling));

                BackupPhase backup = new BackupPhase(worker, s3, offsets, configs, settings.phaseTimeout());
                // The worker has run nothing yet: this backup is also the memory figure for few partitions.
                memory = MemoryPhase.during(worker, data.partitions(),
                        () -> backup.run("backup-zstd", TOPIC, data, "backup-zstd", "zstd"));
                backupZstd = require(memory);
                progress("Backup with zstd: %s, %,d objects, %,d bytes", describe(backupZstd.throughput()),
                        backupZstd.stored().objects(), backupZstd.stored().bytes());
                backupNone = backup.run("backup-none", TOPIC, data, "backup-none", "none");
                progress("Backup without compression: %s, %,d objects, %,d bytes", describe(backupNone.throughput()),
                        backupNone.stored().objects(), backupNone.stored().bytes());
                // After the backups, not before: the first backup must be the worker's first work, for its memory.
                sinkFloor = backup.untilCommitted("connect-floor-sink", configs.discardSink(TOPIC), TOPIC, data);
                progress("Connect floor, a sink that discards records: %s", describe(sinkFloor));

                producerCeiling = tools.produce("producer-ceiling", data, loader);
                progress("ProducerPerformance: %s", describe(producerCeiling));

                RestorePhase restores = new RestorePhase(worker, s3, offsets, configs, bootstrap,
                        settings.phaseTimeout());
                String generated = TOPIC + "-generated";
                sourceFloor = restores.untilWritten("connect-floor-source", configs.generatedSource(generated, data),
                        generated, data);
                progress("Connect floor, a source that generates records: %s", describe(sourceFloor));
                restore = restores.restore("restore", TOPIC, TOPIC + "-restored", "backup-zstd", data);
                progress("Restore: %s, %,d bytes read", describe(restore.throughput()), restore.bytesRead());

                long from = data.firstTimestamp() + Math.round(data.timeSpanMs() * (0.5 - settings.windowPercent() / 200));
                long to = from + Math.max(1, Math.round(data.timeSpanMs() * settings.windowPercent() / 100));
                window = restores.restoreWindow("restore-window", TOPIC, TOPIC + "-window", "backup-zstd", data, from,
                        to);
                progress("Point-in-time restore of %s%% of the time range: %,d records, %,d of %,d stored bytes read",
                        String.format(Locale.ROOT, "%.3g", settings.windowPercent()), window.recordsInTarget(),
                        window.bytesRead(), backupZstd.stored().bytes());
            }

            DataSet many = settings.memoryData();
            loader.load(MANY_PARTITIONS_TOPIC, many);
            progress("Loaded %,d records into topic %s with %,d partitions", many.records(), MANY_PARTITIONS_TOPIC,
                    many.partitions());
            MemoryPhase.Result memoryMany;
            try (ConnectWorkerProcess worker = startWorker("connect-2", bootstrap)) {
                progress("Started a fresh Connect worker at pid %d (log %s)", worker.pid(), worker.log());
                BackupPhase backup = new BackupPhase(worker, s3, offsets, configs, settings.phaseTimeout());
                memoryMany = MemoryPhase.during(worker, many.partitions(),
                        () -> backup.run("backup-many-partitions", MANY_PARTITIONS_TOPIC, many,
                                "backup-many-partitions", "zstd"));
                progress("Backup of %,d partitions: %s", many.partitions(), memoryMany.backup() == null
                        ? "failed: " + memoryMany.failure() : describe(memoryMany.backup().throughput()));
            }
            return new Results(Machine.describe(), settings.command(), data, many, settings.tasks(), consumerCeiling,
                    sinkFloor, backupZstd, backupNone, producerCeiling, sourceFloor, restore,
                    backupZstd.stored().bytes(), window, settings.windowPercent(), memory, memoryMany,
                    Duration.ofNanos(System.nanoTime() - started), loadAverageAtStart);
        }
    }

    private ConnectWorkerProcess startWorker(String name, String bootstrap) throws Exception {
        Path recording = settings.profile() ? settings.run().root().resolve(name + ".jfr") : null;
        return ConnectWorkerProcess.start(name, settings.run(), new ChildProcess.Classpath(settings.lib()), bootstrap,
                settings.pluginPath(), recording);
    }

    /** The throughput phases need the backup that the first memory figure was taken during. */
    private static BackupPhase.Result require(MemoryPhase.Result memory) {
        if (memory.backup() == null) {
            throw new IllegalStateException(memory.failure());
        }
        return memory.backup();
    }

    private static String describe(Throughput throughput) {
        return String.format(Locale.ROOT, "%.1f MB/s, %,.0f records/s, %.1f s", throughput.megabytesPerSecond(),
                throughput.recordsPerSecond(), throughput.seconds());
    }

    private void progress(String format, Object... arguments) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9,
                String.format(Locale.ROOT, format, arguments));
        out.flush();
    }
}
