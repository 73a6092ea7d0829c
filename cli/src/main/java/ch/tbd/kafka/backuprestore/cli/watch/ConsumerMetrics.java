package ch.tbd.kafka.backuprestore.cli.watch;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Records and bytes fetched so far by a sink connector's consumers in this JVM, read from the consumers' own metrics
 * ({@code kafka.consumer:type=consumer-fetch-manager-metrics}): Connect names them
 * {@code connector-consumer-NAME-TASK}.
 */
public final class ConsumerMetrics {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String clientIdPrefix;

    public ConsumerMetrics(String connector) {
        this.clientIdPrefix = "connector-consumer-" + connector + "-";
    }

    /** Fetched records and bytes of every task, with no totals. */
    public Progress progress() {
        long records = 0;
        long bytes = 0;
        try {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*"), null)) {
                String clientId = ObjectName.unquote(quoted(name.getKeyProperty("client-id")));
                if (name.getKeyProperty("topic") == null && clientId.startsWith(clientIdPrefix)) {
                    records += ((Number) server.getAttribute(name, "records-consumed-total")).longValue();
                    bytes += ((Number) server.getAttribute(name, "bytes-consumed-total")).longValue();
                }
            }
        } catch (JMException e) {
            // A consumer closing between the query and the read: its figures are gone; show the others.
        }
        return new Progress(records, -1, bytes, -1);
    }

    private static String quoted(String value) {
        return value == null ? "\"\"" : value.startsWith("\"") ? value : ObjectName.quote(value);
    }
}
