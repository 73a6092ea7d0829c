package ch.tbd.kafka.backuprestore.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of a connector's task threads ({@code task-thread-CONNECTOR-N}, as Connect names them), to tell a task that
 * idles from one that spins in {@code poll()}.
 */
public final class TaskThreads {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TaskThreads() {}

    /** CPU nanoseconds each live task thread of the connector used during {@code period}, by thread name. */
    public static Map<String, Long> cpuNanosDuring(String connector, Duration period) throws InterruptedException {
        Map<Long, Long> before = cpuByThread(connector);
        Thread.sleep(period.toMillis());
        Map<Long, Long> after = cpuByThread(connector);
        return after.entrySet().stream()
                .filter(e -> before.containsKey(e.getKey()))
                .collect(Collectors.toMap(e -> threadName(e.getKey()), e -> e.getValue() - before.get(e.getKey()),
                        Long::sum));
    }

    private static Map<Long, Long> cpuByThread(String connector) {
        String prefix = "task-thread-" + connector + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .collect(Collectors.toMap(Thread::getId, t -> Math.max(0, THREADS.getThreadCpuTime(t.getId()))));
    }

    private static String threadName(long id) {
        return Arrays.stream(THREADS.getThreadInfo(new long[] {id}))
                .map(info -> info == null ? "thread-" + id : info.getThreadName())
                .findFirst()
                .orElse("thread-" + id);
    }
}
