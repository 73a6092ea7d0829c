package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters of one restore task, registered as a plain JMX bean: the API for plugin metrics is newer than the
 * oldest Connect release this plugin supports.
 */
final class RestoreTaskMetrics implements RestoreTaskMetricsMBean {

    private static final Logger log = LoggerFactory.getLogger(RestoreTaskMetrics.class);

    final AtomicLong recordsRestored = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong objectsRead = new AtomicLong();
    final AtomicLong objectsSkipped = new AtomicLong();
    final AtomicLong corruptObjects = new AtomicLong();
    final AtomicLong failedWrites = new AtomicLong();
    final AtomicInteger partitionsAssigned = new AtomicInteger();
    final AtomicInteger partitionsComplete = new AtomicInteger();
    private ObjectName name;

    void register(String connector, String task) {
        try {
            name = new ObjectName("kafka.backup:type=restore-task,connector=" + ObjectName.quote(connector)
                    + ",task=" + ObjectName.quote(task));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            log.warn("Could not register restore metrics for {} task {}: {}", connector, task, e.toString());
            name = null;
        }
    }

    void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            log.debug("Could not unregister {}: {}", name, e.toString());
        }
    }

    @Override
    public long getRecordsRestored() {
        return recordsRestored.get();
    }

    @Override
    public long getBytesRead() {
        return bytesRead.get();
    }

    @Override
    public long getObjectsRead() {
        return objectsRead.get();
    }

    @Override
    public long getObjectsSkipped() {
        return objectsSkipped.get();
    }

    @Override
    public long getCorruptObjects() {
        return corruptObjects.get();
    }

    @Override
    public long getFailedWrites() {
        return failedWrites.get();
    }

    @Override
    public int getPartitionsAssigned() {
        return partitionsAssigned.get();
    }

    @Override
    public int getPartitionsComplete() {
        return partitionsComplete.get();
    }

    @Override
    public boolean isComplete() {
        return partitionsAssigned.get() > 0 && partitionsComplete.get() == partitionsAssigned.get();
    }
}
