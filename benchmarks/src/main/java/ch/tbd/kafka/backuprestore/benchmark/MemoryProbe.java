package ch.tbd.kafka.backuprestore.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Memory of the Connect worker's JVM, from outside. Over remote JMX it listens to every garbage collection, whose
 * notification says how much heap was in use just before it (the true peaks of use: the heap only grows between
 * collections) and just after it (what the worker kept alive). The kernel adds the peak resident set size of the
 * process (VmHWM), which cannot be reset: hence a fresh worker for each memory phase.
 */
final class MemoryProbe implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final Set<String> heapPools = new HashSet<>();
    private final Set<ObjectName> collectors;
    private final NotificationListener listener = this::collected;
    private final AtomicLong peakBeforeCollection = new AtomicLong();
    private final AtomicLong peakAfterCollection = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final long pid;

    private MemoryProbe(JMXConnector connector, long pid) throws IOException, JMException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.pid = pid;
        for (ObjectName name : server.queryNames(
                new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
            MemoryPoolMXBean pool = ManagementFactory.newPlatformMXBeanProxy(server, name.getCanonicalName(),
                    MemoryPoolMXBean.class);
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        collectors = server.queryNames(
                new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null);
        for (ObjectName collector : collectors) {
            server.addNotificationListener(collector, listener, null, null);
        }
    }

    static MemoryProbe attach(ConnectWorkerProcess worker) throws IOException, JMException {
        JMXServiceURL url = new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + worker.jmxPort() + "/jmxrmi");
        return new MemoryProbe(JMXConnectorFactory.connect(url), worker.pid());
    }

    /** Forgets the collections so far: the peaks count from now. */
    void reset() {
        peakBeforeCollection.set(0);
        peakAfterCollection.set(0);
        collections.set(0);
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        peakBeforeCollection.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakAfterCollection.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        collections.incrementAndGet();
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** The peaks since {@link #reset()}; waits a moment for notifications still on their way. */
    Peaks peaks() throws IOException, InterruptedException {
        Thread.sleep(500);
        return new Peaks(peakBeforeCollection.get(), peakAfterCollection.get(), collections.get(),
                residentSetPeak());
    }

    private long residentSetPeak() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                // "VmHWM:   123456 kB"
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /**
     * @param heapInUse   the most heap in use before any collection: the peak of use
     * @param heapLive    the most heap still in use after a collection: the peak of what the worker kept alive
     * @param collections garbage collections counted
     * @param residentSet the process's peak resident set size since it started (-1 where /proc has none)
     */
    record Peaks(long heapInUse, long heapLive, long collections, long residentSet) {}

    @Override
    public void close() throws IOException {
        for (ObjectName collector : collectors) {
            try {
                server.removeNotificationListener(collector, listener);
            } catch (JMException | IOException e) {
                // The worker may be gone already; closing the connection drops the listener anyway.
            }
        }
        connector.close();
    }
}
