package ch.tbd.kafka.backuprestore.kafkaconnect;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a task's counters as a plain JMX bean, {@code kafka.backup:type=TYPE,connector=NAME,task=ID}: the API
 * for plugin metrics is newer than the oldest Connect release this plugin supports.
 */
public final class TaskMBeans {

    private static final Logger log = LoggerFactory.getLogger(TaskMBeans.class);

    private TaskMBeans() {}

    /** Registers {@code bean}, replacing a bean of the same name left by an earlier task; null when it failed. */
    public static ObjectName register(String type, String connector, String task, Object bean) {
        return register(type, connector, task, null, bean);
    }

    /** As {@link #register(String, String, String, Object)}, with a {@code kind} key after the task's when not null. */
    public static ObjectName register(String type, String connector, String task, String kind, Object bean) {
        try {
            ObjectName name = new ObjectName("kafka.backup:type=" + type + ",connector=" + ObjectName.quote(connector)
                    + ",task=" + ObjectName.quote(task) + (kind == null ? "" : ",kind=" + kind));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            return name;
        } catch (JMException e) {
            log.warn("Could not register the {} metrics of {} task {}: {}", type, connector, task, e.toString());
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            log.debug("Could not unregister {}: {}", name, e.toString());
        }
    }
}
