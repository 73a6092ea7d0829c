package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Memory of the Connect worker's JVM, from outside: the peak use of its heap pools over remote JMX (reset when a
 * phase starts), and the peak resident set size the kernel records for the process (VmHWM, which cannot be reset:
 * hence a fresh worker for each memory phase).
 */
final class MemoryProbe implements AutoCloseable {

    private final JMXConnector connector;
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final long pid;

    private MemoryProbe(JMXConnector connector, long pid) throws IOException, JMException {
        this.connector = connector;
        this.pid = pid;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        for (ObjectName name : server.queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE
                + ",*"), null)) {
            MemoryPoolMXBean pool = ManagementFactory.newPlatformMXBeanProxy(server, name.getCanonicalName(),
                    MemoryPoolMXBean.class);
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool);
            }
        }
    }

    static MemoryProbe attach(ConnectWorkerProcess worker) throws IOException, JMException {
        JMXServiceURL url = new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + worker.jmxPort() + "/jmxrmi");
        return new MemoryProbe(JMXConnectorFactory.connect(url), worker.pid());
    }

    void resetPeaks() {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    Peaks peaks() throws IOException {
        long heap = 0;
        long oldGeneration = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            long peak = pool.getPeakUsage().getUsed();
            heap += peak;
            if (pool.getName().contains("Old Gen") || pool.getName().contains("Tenured")) {
                oldGeneration = peak;
            }
        }
        return new Peaks(heap, oldGeneration, residentSetPeak());
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
     * @param heap          sum of the heap pools' peaks: an upper bound of the peak heap use, as the pools need not
     *                      peak at the same moment
     * @param oldGeneration the old generation's peak, close to what the worker keeps alive
     * @param residentSet   the process's peak resident set size since it started (-1 where /proc has none)
     */
    record Peaks(long heap, long oldGeneration, long residentSet) {}

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
