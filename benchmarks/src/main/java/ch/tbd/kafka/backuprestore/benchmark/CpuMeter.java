package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the broker, the Connect worker and this driver (which runs the S3 server), and of the whole machine,
 * over a phase: where the cores went while a figure was measured. On a machine with few cores every process competes
 * for them, so a connector's speed depends on what the broker and the S3 server need besides its own work.
 *
 * <p>Process times come from {@link ProcessHandle}; the machine's busy time from {@code /proc/stat}, and the worker's
 * time by thread from {@code /proc/PID/task} (Linux; without them those figures are left out).
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Linux reports /proc/stat in USER_HZ, 100 a second on every common platform. */
    private static final double TICKS_PER_SECOND = 100;
    /** In a thread's {@code stat}, after the name: field 3 (the state) is the first, utime (14) the twelfth. */
    private static final int UTIME_AFTER_NAME = 14 - 3;
    private static final int STIME_AFTER_NAME = 15 - 3;

    private final long workerPid;
    private final long brokerPid;

    CpuMeter(long workerPid, long brokerPid) {
        this.workerPid = workerPid;
        this.brokerPid = brokerPid;
    }

    /** @param workerThreads the worker's threads by thread id, or null when unknown */
    record Snapshot(long nanos, double worker, double broker, double driver, double machineBusy,
            Map<Long, ThreadTime> workerThreads) {}

    /**
     * One thread's name and CPU time (user and system, in clock ticks) at a snapshot. Keyed by thread id, not by
     * name: Connect renames its pool threads while they run a task, and several threads may share a name.
     */
    record ThreadTime(String name, long ticks) {}

    /**
     * CPU seconds each consumed over a phase.
     *
     * @param machine       busy CPU seconds of the whole machine, or -1 when unknown: the other columns, the tools
     *                      and anything else that ran
     * @param workerThreads the worker's CPU seconds by group of threads, in the groups' order, or empty when unknown;
     *                      without the threads that ended during the phase, whose time only the worker's total holds
     */
    record Usage(double wallSeconds, double worker, double broker, double driver, double machine,
            Map<WorkerThreads, Double> workerThreads) {

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

        boolean hasWorkerThreads() {
            return !workerThreads.isEmpty();
        }

        /** CPU seconds of the worker's threads that lived to the end of the phase, or -1 when unknown. */
        double workerThreadsTotal() {
            return hasWorkerThreads() ? workerThreads.values().stream().mapToDouble(Double::doubleValue).sum() : -1;
        }
    }

    Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), cpuSeconds(workerPid), cpuSeconds(brokerPid),
                cpuSeconds(ProcessHandle.current().pid()), machineBusySeconds(), threadTimes(workerPid));
    }

    Usage since(Snapshot start) {
        Snapshot end = snapshot();
        return new Usage((end.nanos() - start.nanos()) / 1e9, end.worker() - start.worker(),
                end.broker() - start.broker(), end.driver() - start.driver(),
                start.machineBusy() < 0 || end.machineBusy() < 0 ? -1 : end.machineBusy() - start.machineBusy(),
                byGroup(start.workerThreads(), end.workerThreads()));
    }

    /**
     * Each thread's time over the phase, added to the group of its name at the end or at the start, whichever says
     * more. A thread that began during the phase counts from 0, and so does one whose time went down: a new thread
     * that was given the id of one that ended.
     */
    private static Map<WorkerThreads, Double> byGroup(Map<Long, ThreadTime> start, Map<Long, ThreadTime> end) {
        if (start == null || end == null) {
            return Map.of();
        }
        Map<WorkerThreads, Double> seconds = new EnumMap<>(WorkerThreads.class);
        for (WorkerThreads group : WorkerThreads.values()) {
            seconds.put(group, 0.0);
        }
        end.forEach((tid, last) -> {
            ThreadTime first = start.get(tid);
            boolean sameThread = first != null && first.ticks() <= last.ticks();
            long ticks = sameThread ? last.ticks() - first.ticks() : last.ticks();
            WorkerThreads group = WorkerThreads.of(sameThread ? first.name() : null, last.name());
            seconds.merge(group, ticks / TICKS_PER_SECOND, Double::sum);
        });
        return Collections.unmodifiableMap(seconds);
    }

    /** Every thread of a process by its id, or null without {@code /proc} (not Linux) or when the process is gone. */
    private static Map<Long, ThreadTime> threadTimes(long pid) {
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                ThreadTime time = threadTime(task);
                if (time != null) {
                    threads.put(Long.parseLong(task.getFileName().toString()), time);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return threads;
    }

    /**
     * utime and stime of a thread's {@code stat}, counted after the last ')': the name before it is in parentheses and
     * may hold spaces and parentheses itself. Null for a thread that ended since the directory was listed.
     */
    private static ThreadTime threadTime(Path task) {
        try {
            String stat = read(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
            long ticks = Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[STIME_AFTER_NAME]);
            String name = read(task.resolve("comm"));
            return new ThreadTime(name.endsWith("\n") ? name.substring(0, name.length() - 1) : name, ticks);
        } catch (IOException e) {
            return null;
        }
    }

    private static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L) / 1e9;
    }

    /** Leniently: Linux cuts a name at 15 bytes, which may be in the middle of a character. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
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
