package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * CPU time of the broker, the Connect worker and this driver (which runs the S3 server), and of the whole machine,
 * over a phase: where the cores went while a figure was measured. On a machine with few cores every process competes
 * for them, so a connector's speed depends on what the broker and the S3 server need besides its own work.
 *
 * <p>Process times come from {@link ProcessHandle}; the machine's busy time from {@code /proc/stat} (Linux; without
 * it that column is left out).
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Linux reports /proc/stat in USER_HZ, 100 a second on every common platform. */
    private static final double TICKS_PER_SECOND = 100;

    private final long workerPid;
    private final long brokerPid;

    CpuMeter(long workerPid, long brokerPid) {
        this.workerPid = workerPid;
        this.brokerPid = brokerPid;
    }

    record Snapshot(long nanos, double worker, double broker, double driver, double machineBusy) {}

    /**
     * CPU seconds each consumed over a phase.
     *
     * @param machine busy CPU seconds of the whole machine, or -1 when unknown: the other columns, the tools and
     *                anything else that ran
     */
    record Usage(double wallSeconds, double worker, double broker, double driver, double machine) {

        int cores() {
            return Runtime.getRuntime().availableProcessors();
        }

        /** CPU seconds of everything but the broker, the worker and the driver, or -1 when unknown. */
        double others() {
            return machine < 0 ? -1 : Math.max(0, machine - worker - broker - driver);
        }

        /** How busy the machine's cores were, 1 for all of them all the time; -1 when unknown. */
        double machineBusyShare() {
            return machine < 0 ? -1 : machine / (wallSeconds * cores());
        }
    }

    Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), cpuSeconds(workerPid), cpuSeconds(brokerPid),
                cpuSeconds(ProcessHandle.current().pid()), machineBusySeconds());
    }

    Usage since(Snapshot start) {
        Snapshot end = snapshot();
        return new Usage((end.nanos() - start.nanos()) / 1e9, end.worker() - start.worker(),
                end.broker() - start.broker(), end.driver() - start.driver(),
                start.machineBusy() < 0 || end.machineBusy() < 0 ? -1 : end.machineBusy() - start.machineBusy());
    }

    private static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L) / 1e9;
    }

    /** user + nice + system + irq + softirq + steal of the "cpu" line: everything but idle and iowait. */
    private static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            String[] fields = lines.get(0).trim().split("\\s+");
            if (!fields[0].equals("cpu") || fields.length < 9) {
                return -1;
            }
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
