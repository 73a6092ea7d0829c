package ch.tbd.kafka.backuprestore.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run measured, and the targets of the benchmark's issue against it. The targets stay defined against
 * Kafka's tools; the Connect floors tell how much of the gap to them is Kafka Connect's own.
 *
 * @param backupLocal  the zstd backup into a local directory instead of the S3 server
 * @param restoreLocal the restore from that directory
 * @param producerCeilingRecommended ProducerPerformance with the producer settings the README recommends for a restore
 * @param sourceFloorRecommended     the Connect floor's source with those settings
 * @param restoreRecommended         the restore with those settings as producer.override.*
 * @param planning                   the planning phase over many objects, or null when the run had none
 * @param profile                    the first worker's JFR profile, or null when it was not recorded
 */
record Results(
        Machine machine,
        String command,
        DataSet data,
        DataSet memoryData,
        int tasks,
        int warmUpRecords,
        Throughput consumerCeiling,
        Throughput sinkFloor,
        BackupPhase.Result backupZstd,
        BackupPhase.Result backupNone,
        BackupPhase.Result backupEncrypted,
        Throughput producerCeiling,
        Throughput sourceFloor,
        RestorePhase.Result restore,
        RestorePhase.Result restoreEncrypted,
        BackupPhase.Result backupLocal,
        RestorePhase.Result restoreLocal,
        Throughput producerCeilingRecommended,
        Throughput sourceFloorRecommended,
        RestorePhase.Result restoreRecommended,
        long storedBytes,
        RestorePhase.Result window,
        double windowPercent,
        PlanningPhase.Result planning,
        MemoryPhase.Result memory,
        MemoryPhase.Result memoryManyPartitions,
        Duration runTime,
        String loadAverageAtStart,
        List<BenchmarkRun.PhaseCpu> cpu,
        JfrProfile profile) {

    static final double BACKUP_TARGET = 0.8;
    static final double RESTORE_TARGET = 0.9;
    static final double WINDOW_READ_TARGET = 0.03;
    /** The performance issue's targets: shares of the Connect floors, and the worker's CPU a record. */
    static final double BACKUP_FLOOR_TARGET = 0.7;
    static final double BACKUP_CPU_TARGET_MICROS = 5;
    static final double RESTORE_FLOOR_TARGET = 0.9;
    static final double RESTORE_CPU_TARGET_MICROS = 9;
    static final String BACKUP_PHASE = "Backup, zstd";
    static final String RESTORE_RECOMMENDED_PHASE = "Restore, recommended producer settings";
    static final String SINK_FLOOR_PHASE = "Connect floor, sink";
    static final String SOURCE_FLOOR_RECOMMENDED_PHASE = "Connect floor, source, recommended settings";

    /** The worker's CPU a record in the phase of that name, in µs; NaN when the run has no such phase. */
    double workerMicrosPerRecord(String phase) {
        return cpu.stream().filter(measured -> measured.phase().equals(phase)).findFirst()
                .map(measured -> measured.usage().worker() * 1e6 / data.records()).orElse(Double.NaN);
    }

    /** The restore with the recommended producer settings against the Connect floor's source with the same. */
    double restoreRecommendedShareOfFloor() {
        return restoreRecommended.throughput().ratioTo(sourceFloorRecommended);
    }

    double backupRatio() {
        return backupZstd.throughput().ratioTo(consumerCeiling);
    }

    double restoreRatio() {
        return restore.throughput().ratioTo(producerCeiling);
    }

    /** The backup (zstd) as a share of what a sink that does nothing gets out of the same worker. */
    double backupShareOfSinkFloor() {
        return backupZstd.throughput().ratioTo(sinkFloor);
    }

    /** The restore as a share of what a source that only generates records gets out of the same worker. */
    double restoreShareOfSourceFloor() {
        return restore.throughput().ratioTo(sourceFloor);
    }

    double windowReadShare() {
        return (double) window.bytesRead() / storedBytes;
    }

    boolean backupTargetMet() {
        return backupRatio() >= BACKUP_TARGET;
    }

    boolean restoreTargetMet() {
        return restoreRatio() >= RESTORE_TARGET;
    }

    boolean windowTargetMet() {
        return windowReadShare() < WINDOW_READ_TARGET;
    }

    /** Records in one stored object of the zstd backup, on average, and the share of a partition that is. */
    double recordsPerObject() {
        return (double) data.records() / backupZstd.stored().objects();
    }

    double objectShareOfPartition() {
        return recordsPerObject() * data.partitions() / data.records();
    }

    boolean memoryTargetMet() {
        return memoryManyPartitions.withoutMemoryErrors();
    }
}
