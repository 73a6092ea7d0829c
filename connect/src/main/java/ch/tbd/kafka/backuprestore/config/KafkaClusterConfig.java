package ch.tbd.kafka.backuprestore.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How a connector reaches a Kafka cluster with clients of its own, besides the worker's: {@code PREFIX.bootstrap.servers}
 * and any client setting under the same prefix ({@code PREFIX.security.protocol}, {@code PREFIX.sasl.jaas.config},
 * {@code PREFIX.ssl.truststore.location}, ...), as MirrorMaker 2 names its clusters. The restore reaches the cluster it
 * writes to under {@code target.cluster.}; the backups reach the cluster they read under {@code source.cluster.}.
 */
public final class KafkaClusterConfig {

    public static final String SOURCE = "source.cluster.";
    public static final String TARGET = "target.cluster.";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private final AbstractConfig config;
    private final String prefix;

    public KafkaClusterConfig(AbstractConfig config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** Defines {@code PREFIX.bootstrap.servers}; the other client settings under the prefix are taken as given. */
    public static ConfigDef define(ConfigDef def, String prefix, String group, String doc) {
        return def.define(prefix + BOOTSTRAP_SERVERS, Type.STRING, "", Importance.MEDIUM, doc + " Other client"
                        + " settings (security.protocol, sasl.*, ssl.*) go under the same '" + prefix + "' prefix.",
                group, 1, Width.LONG, "Bootstrap servers");
    }

    public String bootstrapKey() {
        return prefix + BOOTSTRAP_SERVERS;
    }

    public boolean configured() {
        return !config.getString(bootstrapKey()).isBlank();
    }

    public String bootstrapServers() {
        return config.getString(bootstrapKey()).trim();
    }

    /** The client settings under the prefix, without it; empty when no bootstrap servers are configured. */
    public Map<String, Object> clientConfig() {
        if (!configured()) {
            return Map.of();
        }
        return new HashMap<>(config.originalsWithPrefix(prefix));
    }

    /** An admin client for the cluster, with a client id that says whose it is; the caller closes it. */
    public Admin createAdmin(String clientId) {
        Map<String, Object> client = clientConfig();
        client.putIfAbsent("client.id", clientId);
        return Admin.create(client);
    }
}
