package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The worker's memory during one backup, on a worker that ran nothing before (its peak RSS counts from its start).
 * A backup that fails, for instance with an out-of-memory error, is a result here, not an abort of the run.
 */
final class MemoryPhase {

    private MemoryPhase() {}

    static Result during(ConnectWorkerProcess worker, int partitions, Callable<BackupPhase.Result> backup)
            throws Exception {
        try (MemoryProbe probe = MemoryProbe.attach(worker)) {
            probe.reset();
            BackupPhase.Result result = null;
            String failure = null;
            try {
                result = backup.call();
            } catch (IllegalStateException e) {
                failure = e.getMessage();
            }
            MemoryProbe.Peaks peaks = probe.peaks();
            return new Result(partitions, peaks, outOfMemoryErrors(worker), result, failure);
        }
    }

    private static long outOfMemoryErrors(ConnectWorkerProcess worker) throws IOException {
        try (Stream<String> lines = Files.lines(worker.log(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains("OutOfMemoryError")).count();
        }
    }

    /**
     * @param outOfMemoryErrors lines of the worker's log that mention an OutOfMemoryError
     * @param backup            null when the backup failed
     * @param failure           why it failed, or null
     */
    record Result(int partitions, MemoryProbe.Peaks peaks, long outOfMemoryErrors, BackupPhase.Result backup,
            String failure) {

        boolean withoutMemoryErrors() {
            return outOfMemoryErrors == 0 && failure == null;
        }
    }
}
