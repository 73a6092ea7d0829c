package ch.tbd.kafka.backuprestore.benchmark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * One run of every phase, in an order that keeps them apart: the ceilings right before what they bound, the Connect
 * floors on the same worker as our connectors, and a fresh worker for each memory figure. Phases follow each other,
 * never overlap, so each has the machine to itself (with the broker and the S3 server it needs).
 */
final class BenchmarkRun {

    static final String TOPIC = "benchmark";
    private static final String MANY_PARTITIONS_TOPIC = "benchmark-many-partitions";
    private static final String WARM_UP_TOPIC = "benchmark-warm-up";
    private static final String CATALOG_TOPIC = "benchmark-catalog";
    private static final String CATALOG_BUCKET = "catalog";

    private final Settings settings;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final String loadAverageAtStart = Machine.loadAverage();
    private final List<PhaseCpu> cpu = new ArrayList<>();

    BenchmarkRun(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * @param lib         the child processes' class path directory
     * @param pluginPath  the worker's plugin.path: the unpacked plugin archive and the Connect floor's plugin
     * @param warmUpData  the data set of the warm-up, or null for none
     * @param catalog     the backup of the planning phase, or null for none
     * @param profile     whether to record the first worker with JFR and read the recording back
     * @param command     the command line, for the report
     */
    record Settings(RunDirectory run, Path lib, List<Path> pluginPath, DataSet data, DataSet memoryData,
            DataSet warmUpData, CatalogDataSet catalog, int tasks,
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
            BackupPhase.Result backupEncrypted;
            RestorePhase.Result restoreEncrypted;
            BackupPhase.Result backupLocal;
            RestorePhase.Result restoreLocal;
            Throughput producerCeilingRecommended;
            Throughput sourceFloorRecommended;
            RestorePhase.Result restoreRecommended;
            Throughput sinkFloor;
            Throughput producerCeiling;
            Throughput sourceFloor;
            RestorePhase.Result restore;
            RestorePhase.Result window;
            PlanningPhase.Result planning;
            Throughput consumerCeiling;
            // Only the first worker is recorded: the fresh one of the memory figure runs without JFR's buffers.
            Path recording = settings.profile() ? run.root().resolve("connect-1.jfr") : null;
            try (ConnectWorkerProcess worker = startWorker("connect-1", bootstrap, recording)) {
                progress("Started a Connect worker at pid %d (log %s)", worker.pid(), worker.log());
                loader.load(TOPIC, data);
                progress("Loaded %,d records (%,d bytes) into topic %s", data.records(), data.totalBytes(), TOPIC);

                PhaseContext on = new PhaseContext(worker, s3, offsets, configs, bootstrap, settings.phaseTimeout());
                BackupPhase backup = new BackupPhase(on);
                RestorePhase restores = new RestorePhase(on);
                warmUp(loader, backup, restores);
                CpuMeter meter = new CpuMeter(worker.pid(), broker.pid());
                consumerCeiling = metered(meter, "ConsumerPerformance", () -> tools.consume(TOPIC, data));
                progress("ConsumerPerformance: %s", describe(consumerCeiling));

                // The worker has run only the warm-up: this backup is also the memory figure for few partitions.
                memory = metered(meter, Results.BACKUP_PHASE, () -> MemoryPhase.during(worker, data.partitions(),
                        () -> backup.run("backup-zstd", TOPIC, data, "backup-zstd", "zstd")));
                backupZstd = require(memory);
                progress("Backup with zstd: %s, %,d objects, %,d bytes", describe(backupZstd.throughput()),
                        backupZstd.stored().objects(), backupZstd.stored().bytes());
                backupNone = metered(meter, "Backup, none",
                        () -> backup.run("backup-none", TOPIC, data, "backup-none", "none"));
                progress("Backup without compression: %s, %,d objects, %,d bytes", describe(backupNone.throughput()),
                        backupNone.stored().objects(), backupNone.stored().bytes());
                Path key = run.root().resolve("backup-key");
                java.nio.file.Files.write(key, new java.security.SecureRandom().generateSeed(32));
                backupEncrypted = metered(meter, "Backup, zstd, encrypted", () -> backup.runEncrypted(
                        "backup-encrypted", TOPIC, data, "backup-encrypted", "zstd", key));
                progress("Backup with zstd, encrypted: %s, %,d objects, %,d bytes",
                        describe(backupEncrypted.throughput()), backupEncrypted.stored().objects(),
                        backupEncrypted.stored().bytes());
                // After the backups, not before: the first backup must be the worker's first work, for its memory.
                sinkFloor = metered(meter, Results.SINK_FLOOR_PHASE,
                        () -> backup.untilCommitted("connect-floor-sink", configs.discardSink(TOPIC), TOPIC, data));
                progress("Connect floor, a sink that discards records: %s", describe(sinkFloor));

                producerCeiling = metered(meter, "ProducerPerformance",
                        () -> tools.produce("producer-ceiling", data, loader));
                progress("ProducerPerformance: %s", describe(producerCeiling));

                String generated = TOPIC + "-generated";
                sourceFloor = metered(meter, "Connect floor, source", () -> restores.untilWritten(
                        "connect-floor-source", configs.generatedSource(generated, data), generated, data));
                progress("Connect floor, a source that generates records: %s", describe(sourceFloor));
                restore = metered(meter, "Restore",
                        () -> restores.restore("restore", TOPIC, TOPIC + "-restored", "backup-zstd", data));
                progress("Restore: %s, %,d bytes read", describe(restore.throughput()), restore.bytesRead());
                restoreEncrypted = metered(meter, "Restore, encrypted", () -> restores.restoreEncrypted(
                        "restore-encrypted", TOPIC, TOPIC + "-restored-encrypted", "backup-encrypted", data, key));
                progress("Restore of the encrypted backup: %s", describe(restoreEncrypted.throughput()));
                // The same backup and restore with a directory for storage: no S3 server in this JVM takes CPU.
                Path directory = run.directory("local-backup");
                backupLocal = metered(meter, "Backup, zstd, local directory",
                        () -> backup.runToDirectory("backup-local", TOPIC, data, directory, "zstd"));
                progress("Backup with zstd into a local directory: %s, %,d files, %,d bytes",
                        describe(backupLocal.throughput()), backupLocal.stored().objects(),
                        backupLocal.stored().bytes());
                restoreLocal = metered(meter, "Restore, local directory", () -> restores.restoreFromDirectory(
                        "restore-local", TOPIC, TOPIC + "-restored-local", directory, data));
                progress("Restore from the local directory: %s", describe(restoreLocal.throughput()));
                producerCeilingRecommended = metered(meter, "ProducerPerformance, recommended settings",
                        () -> tools.produce("producer-ceiling-recommended", data, loader,
                                PerformanceTool.RECOMMENDED_RESTORE_PRODUCER, "producer-performance-recommended"));
                progress("ProducerPerformance with the recommended restore producer settings: %s",
                        describe(producerCeilingRecommended));
                String generatedTuned = TOPIC + "-generated-recommended";
                sourceFloorRecommended = metered(meter, Results.SOURCE_FLOOR_RECOMMENDED_PHASE,
                        () -> restores.untilWritten("connect-floor-source-recommended",
                                ConnectorConfigs.withRecommendedProducer(configs.generatedSource(generatedTuned, data)),
                                generatedTuned, data));
                progress("Connect floor, a source that generates records, recommended producer settings: %s",
                        describe(sourceFloorRecommended));
                restoreRecommended = metered(meter, Results.RESTORE_RECOMMENDED_PHASE,
                        () -> restores.restoreWithRecommendedProducer("restore-recommended", TOPIC,
                                TOPIC + "-restored-recommended", "backup-zstd", data));
                progress("Restore with the recommended producer settings: %s",
                        describe(restoreRecommended.throughput()));

                long from = data.firstTimestamp() + Math.round(data.timeSpanMs() * (0.5 - settings.windowPercent() / 200));
                long to = from + Math.max(1, Math.round(data.timeSpanMs() * settings.windowPercent() / 100));
                window = restores.restoreWindow("restore-window", TOPIC, TOPIC + "-window", "backup-zstd", data, from,
                        to);
                progress("Point-in-time restore of %s%% of the time range: %,d records, %,d of %,d stored bytes read",
                        String.format(Locale.ROOT, "%.3g", settings.windowPercent()), window.recordsInTarget(),
                        window.bytesRead(), backupZstd.stored().bytes());

                planning = settings.catalog() == null ? null
                        : planAtScale(new PlanningPhase(on), s3, from, to);
            }
            JfrProfile profile = null;
            if (recording != null) {
                profile = JfrProfile.read(recording, cpu, data.records());
                progress("Read the first worker's JFR recording %s", recording);
            }

            DataSet many = settings.memoryData();
            loader.load(MANY_PARTITIONS_TOPIC, many);
            progress("Loaded %,d records into topic %s with %,d partitions", many.records(), MANY_PARTITIONS_TOPIC,
                    many.partitions());
            MemoryPhase.Result memoryMany;
            try (ConnectWorkerProcess worker = startWorker("connect-2", bootstrap, null)) {
                progress("Started a fresh Connect worker at pid %d (log %s)", worker.pid(), worker.log());
                BackupPhase backup = new BackupPhase(
                        new PhaseContext(worker, s3, offsets, configs, bootstrap, settings.phaseTimeout()));
                memoryMany = MemoryPhase.during(worker, many.partitions(),
                        () -> backup.run("backup-many-partitions", MANY_PARTITIONS_TOPIC, many,
                                "backup-many-partitions", "zstd"));
                progress("Backup of %,d partitions: %s", many.partitions(), memoryMany.backup() == null
                        ? "failed: " + memoryMany.failure() : describe(memoryMany.backup().throughput()));
            }
            return new Results(Machine.describe(), settings.command(), data, many, settings.tasks(),
                    settings.warmUpData() == null ? 0 : settings.warmUpData().records(), consumerCeiling,
                    sinkFloor, backupZstd, backupNone, backupEncrypted, producerCeiling, sourceFloor, restore,
                    restoreEncrypted, backupLocal, restoreLocal, producerCeilingRecommended, sourceFloorRecommended,
                    restoreRecommended,
                    backupZstd.stored().bytes(), window, settings.windowPercent(), planning, memory, memoryMany,
                    Duration.ofNanos(System.nanoTime() - started), loadAverageAtStart, List.copyOf(cpu), profile);
        }
    }

    /**
     * A backup and a restore of a smaller topic of the same kind, not measured. A worker runs for days; its first
     * seconds go to compiling the hot paths of Connect and of the connectors, which would otherwise weigh on the first
     * measured runs (in profiles of a cold worker, the JIT compiler took a fifth of the worker's CPU during the first
     * backup). Kafka's tools run cold, in fresh JVMs, and do far less per record.
     */
    private void warmUp(DataSetLoader loader, BackupPhase backup, RestorePhase restores) throws Exception {
        DataSet warm = settings.warmUpData();
        if (warm == null) {
            return;
        }
        loader.load(WARM_UP_TOPIC, warm);
        backup.run("warm-up-backup", WARM_UP_TOPIC, warm, "warm-up", "zstd");
        restores.restore("warm-up-restore", WARM_UP_TOPIC, WARM_UP_TOPIC + "-restored", "warm-up", warm);
        // Each variant once, so that its own paths (the other codecs, the cipher, the local storage, the tuned
        // producer) are compiled too: in an earlier run, the JIT compiler still took a third of the worker's CPU
        // during the first measured backup.
        backup.run("warm-up-backup-none", WARM_UP_TOPIC, warm, "warm-up-none", "none");
        Path key = settings.run().root().resolve("warm-up-key");
        java.nio.file.Files.write(key, new java.security.SecureRandom().generateSeed(32));
        backup.runEncrypted("warm-up-backup-encrypted", WARM_UP_TOPIC, warm, "warm-up-encrypted", "zstd", key);
        restores.restoreEncrypted("warm-up-restore-encrypted", WARM_UP_TOPIC, WARM_UP_TOPIC + "-restored-encrypted",
                "warm-up-encrypted", warm, key);
        Path directory = settings.run().directory("warm-up-local");
        backup.runToDirectory("warm-up-backup-local", WARM_UP_TOPIC, warm, directory, "zstd");
        restores.restoreFromDirectory("warm-up-restore-local", WARM_UP_TOPIC, WARM_UP_TOPIC + "-restored-local",
                directory, warm);
        restores.restoreWithRecommendedProducer("warm-up-restore-recommended", WARM_UP_TOPIC,
                WARM_UP_TOPIC + "-restored-recommended", "warm-up", warm);
        progress("Warmed the worker up with each backup and restore of the run on %,d records", warm.records());
    }

    /**
     * A backup of many small objects, generated straight into the store, and the time a restore, a point-in-time
     * restore of the window {@code [from, to)} and {@code describe} take over it to their first result, with their
     * requests.
     */
    private PlanningPhase.Result planAtScale(PlanningPhase planning, S3ServerOnDisk s3, long from, long to)
            throws Exception {
        CatalogDataSet catalog = settings.catalog();
        CatalogGenerator.Generated generated = CatalogGenerator.write(s3, CATALOG_BUCKET, CATALOG_TOPIC, catalog);
        progress("Generated a backup of %,d objects (%,d records, %,d bytes) in %,d partitions in %.1f s",
                catalog.objects(), catalog.records(), generated.bytes(), catalog.partitions(), generated.seconds());
        PlanningPhase.Planned restore = planning.restore("catalog-restore", CATALOG_TOPIC,
                CATALOG_TOPIC + "-restored", CATALOG_BUCKET);
        progress("Restore of %,d objects, first record: %s", catalog.objects(), describe(restore));
        long expected = catalog.recordsBetween(from, to);
        List<PlanningPhase.Planned> window = planning.restoreWindow("catalog-restore-window", CATALOG_TOPIC,
                CATALOG_TOPIC + "-window", CATALOG_BUCKET, from, to, expected);
        progress("Point-in-time restore of %,d objects, first record: %s", catalog.objects(), describe(window.get(0)));
        progress("Point-in-time restore of %,d objects, all %,d records of the window: %s", catalog.objects(),
                expected, describe(window.get(1)));
        PlanningPhase.Planned described = planning.describe(CATALOG_BUCKET, CATALOG_TOPIC,
                settings.run().root().resolve("describe.properties"), catalog.objects());
        progress("describe of %,d objects: %s", catalog.objects(), describe(described));
        return new PlanningPhase.Result(catalog, generated.bytes(), restore, window.get(0), window.get(1), expected,
                described);
    }

    /** Runs a phase and keeps the CPU time each process spent on it, and when, in the order of the phases. */
    private <T> T metered(CpuMeter meter, String phase, Callable<T> work) throws Exception {
        Instant start = Instant.now();
        CpuMeter.Snapshot snapshot = meter.snapshot();
        T result = work.call();
        cpu.add(new PhaseCpu(phase, meter.since(snapshot), start, Instant.now()));
        return result;
    }

    /** CPU time by process over one measured phase, and its wall-clock interval, to find its profile events. */
    record PhaseCpu(String phase, CpuMeter.Usage usage, Instant start, Instant end) {}

    /** @param recording a JFR recording file, or null for none */
    private ConnectWorkerProcess startWorker(String name, String bootstrap, Path recording) throws Exception {
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

    private static String describe(PlanningPhase.Planned planned) {
        S3ServerOnDisk.Requests r = planned.requests();
        return String.format(Locale.ROOT, "%.1f s, %,d LIST (answered in %.1f s), %,d GET, %,d ranged GET, %,d HEAD"
                + " requests", planned.seconds(), r.lists(), r.listSeconds(), r.gets(), r.rangedGets(), r.heads());
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
