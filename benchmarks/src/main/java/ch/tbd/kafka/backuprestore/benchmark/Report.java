package ch.tbd.kafka.backuprestore.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as tables: a summary for the console and the Markdown of {@code docs/benchmarks.md}. */
final class Report {

    static final String WORKER_THREADS_TITLE = "Worker CPU by thread group, µs a record";
    static final String PLANNING_TITLE = "Planning at scale";
    static final String PROFILE_CPU_TITLE = "CPU by code, share of the execution samples";
    static final String PROFILE_METHODS_TITLE = "Methods most often on top of the samples";
    static final String PROFILE_ALLOCATION_TITLE = "Allocation by code, MB per 1,000 records";
    static final String PROFILE_CLASSES_TITLE = "Allocation by class";

    private final Results results;

    Report(Results results) {
        this.results = results;
    }

    /**
     * Every row with its ratio to the Kafka tool that bounds it, and our connectors' also to the Connect floor of
     * their kind.
     */
    Table throughput() {
        Results r = results;
        Throughput zstd = r.backupZstd().throughput();
        Throughput none = r.backupNone().throughput();
        Throughput restore = r.restore().throughput();
        return new Table("Measurement", "Records", "MB/s", "records/s", "Time (s)", "Ratio to ceiling",
                "Ratio to Connect floor")
                .row(measured("Ceiling: ConsumerPerformance reads the topic", r.consumerCeiling(), "1", "-"))
                .row(measured("Connect floor: a sink that discards records", r.sinkFloor(),
                        ratio(r.sinkFloor().ratioTo(r.consumerCeiling())), "1"))
                .row(measured("Backup, avro.codec=zstd (default)", zstd, ratio(r.backupRatio()),
                        ratio(r.backupShareOfSinkFloor())))
                .row(measured("Backup, avro.codec=none", none, ratio(none.ratioTo(r.consumerCeiling())),
                        ratio(none.ratioTo(r.sinkFloor()))))
                .row(measured("Backup, zstd, encrypted (AES-256-GCM)", r.backupEncrypted().throughput(),
                        ratio(r.backupEncrypted().throughput().ratioTo(r.consumerCeiling())),
                        ratio(r.backupEncrypted().throughput().ratioTo(r.sinkFloor()))))
                .row(measured("Backup, zstd, into a local directory (storage.type=local)", r.backupLocal().throughput(),
                        ratio(r.backupLocal().throughput().ratioTo(r.consumerCeiling())),
                        ratio(r.backupLocal().throughput().ratioTo(r.sinkFloor()))))
                .row(measured("Ceiling: ProducerPerformance, restore's producer settings", r.producerCeiling(), "1",
                        "-"))
                .row(measured("Connect floor: a source that generates records", r.sourceFloor(),
                        ratio(r.sourceFloor().ratioTo(r.producerCeiling())), "1"))
                .row(measured("Restore into a new topic (from the zstd backup)", restore, ratio(r.restoreRatio()),
                        ratio(r.restoreShareOfSourceFloor())))
                .row(measured("Restore from the encrypted backup", r.restoreEncrypted().throughput(),
                        ratio(r.restoreEncrypted().throughput().ratioTo(r.producerCeiling())),
                        ratio(r.restoreEncrypted().throughput().ratioTo(r.sourceFloor()))))
                .row(measured("Restore from the local directory", r.restoreLocal().throughput(),
                        ratio(r.restoreLocal().throughput().ratioTo(r.producerCeiling())),
                        ratio(r.restoreLocal().throughput().ratioTo(r.sourceFloor()))))
                .row(measured("Ceiling: ProducerPerformance, recommended restore producer settings",
                        r.producerCeilingRecommended(), "1", "-"))
                .row(measured("Connect floor: a source that generates records, recommended producer settings",
                        r.sourceFloorRecommended(),
                        ratio(r.sourceFloorRecommended().ratioTo(r.producerCeilingRecommended())), "1"))
                .row(measured("Restore, recommended producer settings (producer.override.*)",
                        r.restoreRecommended().throughput(),
                        ratio(r.restoreRecommended().throughput().ratioTo(r.producerCeilingRecommended())),
                        ratio(r.restoreRecommended().throughput().ratioTo(r.sourceFloorRecommended()))));
    }

    private static String[] measured(String measurement, Throughput throughput, String ofCeiling, String ofFloor) {
        return new String[] {measurement, count(throughput.records()), rate(throughput), perSecond(throughput),
            seconds(throughput), ofCeiling, ofFloor};
    }

    /** Where the cores went in each phase: CPU seconds by process, and the worker's CPU per record. */
    Table cpu() {
        Table table = new Table("Phase", "Time (s)", "Worker", "Broker", "Driver and S3 server", "Other processes",
                "Cores busy", "Worker CPU a record");
        for (BenchmarkRun.PhaseCpu phase : results.cpu()) {
            CpuMeter.Usage u = phase.usage();
            table.row(phase.phase(), String.format(Locale.ROOT, "%.1f", u.wallSeconds()), cpuSeconds(u.worker()),
                    cpuSeconds(u.broker()), cpuSeconds(u.driver()), cpuSeconds(u.others()),
                    u.machineBusyShare() < 0 ? "n/a" : percent(u.machineBusyShare()),
                    String.format(Locale.ROOT, "%.1f µs", u.worker() * 1e6 / results.data().records()));
        }
        return table;
    }

    /**
     * The worker's CPU of each phase by group of threads, in µs a record of the data set, so that it reads against
     * the last column of {@link #cpu()}; n/a where the threads could not be read (not Linux).
     */
    Table workerThreads() {
        List<String> header = new ArrayList<>();
        header.add("Phase");
        for (WorkerThreads group : WorkerThreads.values()) {
            header.add(group.label());
        }
        header.add("Threads ended in the phase");
        header.add("Total");
        Table table = new Table(header.toArray(String[]::new));
        for (BenchmarkRun.PhaseCpu phase : results.cpu()) {
            CpuMeter.Usage u = phase.usage();
            List<String> row = new ArrayList<>();
            row.add(phase.phase());
            for (WorkerThreads group : WorkerThreads.values()) {
                row.add(u.hasWorkerThreads() ? microsecondsPerRecord(u.workerThreads().get(group)) : "n/a");
            }
            // A connector's own threads (uploads, the restore's reader) end with it, before the phase's last reading.
            row.add(u.hasWorkerThreads()
                    ? microsecondsPerRecord(Math.max(0, u.worker() - u.workerThreadsTotal())) : "n/a");
            row.add(u.hasWorkerThreads() ? microsecondsPerRecord(Math.max(u.worker(), u.workerThreadsTotal())) : "n/a");
            table.row(row.toArray(String[]::new));
        }
        return table;
    }

    private String microsecondsPerRecord(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds * 1e6 / results.data().records());
    }

    private static String cpuSeconds(double seconds) {
        return seconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    Table storage() {
        Results r = results;
        return new Table("Backup", "Objects", "Stored bytes", "Of the topic's bytes")
                .row("avro.codec=zstd", count(r.backupZstd().stored().objects()), count(r.backupZstd().stored().bytes()),
                        percent((double) r.backupZstd().stored().bytes() / r.data().totalBytes()))
                .row("avro.codec=none", count(r.backupNone().stored().objects()), count(r.backupNone().stored().bytes()),
                        percent((double) r.backupNone().stored().bytes() / r.data().totalBytes()))
                .row("avro.codec=zstd, encrypted", count(r.backupEncrypted().stored().objects()),
                        count(r.backupEncrypted().stored().bytes()),
                        percent((double) r.backupEncrypted().stored().bytes() / r.data().totalBytes()))
                .row("avro.codec=zstd, local directory (files)", count(r.backupLocal().stored().objects()),
                        count(r.backupLocal().stored().bytes()),
                        percent((double) r.backupLocal().stored().bytes() / r.data().totalBytes()));
    }

    Table window() {
        Results r = results;
        RestorePhase.Result w = r.window();
        return new Table("Restore", "Records written (expected)", "Bytes read from storage", "Of stored bytes",
                "Time (s)")
                .row("Whole topic", count(r.restore().recordsInTarget()) + " (" + count(r.data().records()) + ")",
                        count(r.restore().bytesRead()), percent((double) r.restore().bytesRead() / r.storedBytes()),
                        seconds(r.restore().throughput()))
                .row(String.format(Locale.ROOT, "%.3g%% of the time range", r.windowPercent()),
                        count(w.recordsInTarget()) + " (" + count(w.throughput().records()) + ")", count(w.bytesRead()),
                        percent(r.windowReadShare()), seconds(w.throughput()));
    }

    /** Planning over many objects: the time to each moment of a measurement and the requests answered by then. */
    Table planning() {
        PlanningPhase.Result p = results.planning();
        int objects = p.data().objects();
        return new Table("Measurement", "Time (s)", "LIST requests", "S3 server's time on LIST (s)",
                "GET requests (whole)", "GET requests (ranged)", "Requests per object")
                .row(planned("Restore (first record)", p.restore(), objects))
                .row(planned("Point-in-time restore (first record)", p.windowFirst(), objects))
                .row(planned("Point-in-time restore (all " + count(p.windowRecords()) + " records of the window)",
                        p.windowAll(), objects))
                .row(planned("describe", p.describe(), objects));
    }

    private static String[] planned(String measurement, PlanningPhase.Planned planned, int objects) {
        S3ServerOnDisk.Requests r = planned.requests();
        return new String[] {measurement, String.format(Locale.ROOT, "%.1f", planned.seconds()), count(r.lists()),
            String.format(Locale.ROOT, "%.1f", r.listSeconds()), count(r.gets()), count(r.rangedGets()),
            String.format(Locale.ROOT, "%.2f", (double) r.total() / objects)};
    }

    Table memory() {
        Table table = new Table("Backup of", "Records", "Peak heap in use", "Peak live heap", "GCs",
                "Peak RSS (VmHWM)", "MB/s", "Memory errors");
        for (MemoryPhase.Result m : new MemoryPhase.Result[] {results.memory(), results.memoryManyPartitions()}) {
            String records = m.backup() == null ? "-" : count(m.backup().throughput().records());
            String rate = m.backup() == null ? "failed" : rate(m.backup().throughput());
            String errors = m.failure() != null ? "backup failed: " + firstLine(m.failure())
                    : m.outOfMemoryErrors() == 0 ? "none" : m.outOfMemoryErrors() + " OutOfMemoryError lines in the log";
            table.row(count(m.partitions()) + " partitions", records, mebibytes(m.peaks().heapInUse()),
                    mebibytes(m.peaks().heapLive()), count(m.peaks().collections()),
                    mebibytes(m.peaks().residentSet()), rate, errors);
        }
        return table;
    }

    Table targets() {
        Results r = results;
        return new Table("Target", "Measured", "Met")
                .row("Backup >= " + Results.BACKUP_TARGET + " of the consumer ceiling (zstd)", ratio(r.backupRatio()),
                        yesNo(r.backupTargetMet()))
                .row("Restore >= " + Results.RESTORE_TARGET + " of the producer ceiling", ratio(r.restoreRatio()),
                        yesNo(r.restoreTargetMet()))
                .row("Backup (zstd) >= " + Results.BACKUP_FLOOR_TARGET + " of the Connect floor",
                        ratio(r.backupShareOfSinkFloor()),
                        yesNo(r.backupShareOfSinkFloor() >= Results.BACKUP_FLOOR_TARGET))
                .row("Backup (zstd) worker CPU <= " + (int) Results.BACKUP_CPU_TARGET_MICROS + " µs a record",
                        micros(r.workerMicrosPerRecord(Results.BACKUP_PHASE)),
                        yesNo(r.workerMicrosPerRecord(Results.BACKUP_PHASE) <= Results.BACKUP_CPU_TARGET_MICROS))
                .row("Restore (recommended producer settings) >= " + Results.RESTORE_FLOOR_TARGET
                        + " of the Connect floor with the same settings", ratio(r.restoreRecommendedShareOfFloor()),
                        yesNo(r.restoreRecommendedShareOfFloor() >= Results.RESTORE_FLOOR_TARGET))
                .row("Restore (recommended producer settings) worker CPU <= "
                        + (int) Results.RESTORE_CPU_TARGET_MICROS + " µs a record",
                        micros(r.workerMicrosPerRecord(Results.RESTORE_RECOMMENDED_PHASE)),
                        yesNo(r.workerMicrosPerRecord(Results.RESTORE_RECOMMENDED_PHASE)
                                <= Results.RESTORE_CPU_TARGET_MICROS))
                .row(String.format(Locale.ROOT, "%.3g%% point-in-time restore reads < 3%% of stored bytes",
                        r.windowPercent()), percent(r.windowReadShare()), yesNo(r.windowTargetMet()))
                .row(count(r.memoryManyPartitions().partitions()) + " partitions at -Xmx" + ConnectWorkerProcess.HEAP
                        + " without memory errors", r.memoryManyPartitions().withoutMemoryErrors() ? "no errors"
                        : "errors", yesNo(r.memoryTargetMet()));
    }

    String console() {
        return "\nThroughput\n" + throughput().text() + "\nCPU time by process\n" + cpu().text()
                + "\n" + WORKER_THREADS_TITLE + "\n" + workerThreads().text() + profileText() + "\nStored\n"
                + storage().text() + "\nRead from storage\n" + window().text()
                + (results.planning() == null ? "" : "\n" + PLANNING_TITLE + "\n" + planning().text())
                + "\nConnect worker memory (-Xmx" + ConnectWorkerProcess.HEAP + ")\n"
                + memory().text() + "\nTargets\n" + targets().text().replace("**no**", "NO");
    }

    private String profileText() {
        JfrProfile profile = results.profile();
        if (profile == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n" + PROFILE_CPU_TITLE + "\n" + profile.cpuByOwner().text());
        for (String phase : JfrProfile.METHOD_PHASES) {
            text.append('\n').append(PROFILE_METHODS_TITLE).append(": ").append(phase).append('\n')
                    .append(profile.topMethods(phase).text());
        }
        return text.append('\n').append(PROFILE_ALLOCATION_TITLE).append('\n')
                .append(profile.allocationByOwner().text()).append('\n').append(PROFILE_CLASSES_TITLE).append('\n')
                .append(profile.allocationByClass().text()).toString();
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f µs", value);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String rate(Throughput throughput) {
        return String.format(Locale.ROOT, "%.1f", throughput.megabytesPerSecond());
    }

    static String perSecond(Throughput throughput) {
        return String.format(Locale.ROOT, "%,.0f", throughput.recordsPerSecond());
    }

    static String seconds(Throughput throughput) {
        return String.format(Locale.ROOT, "%.1f", throughput.seconds());
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1024.0 / 1024.0);
    }

    private static String yesNo(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
