package ch.tbd.kafka.backuprestore.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

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

    /**
     * The client settings Kafka itself types as passwords, read from Kafka's own definition of the admin client's
     * settings so that none is missed as Kafka adds some.
     */
    static final List<String> SECRET_CLIENT_SETTINGS = AdminClientConfig.configDef().configKeys().values().stream()
            .filter(key -> key.type == Type.PASSWORD).map(key -> key.name).sorted().toList();

    private final AbstractConfig config;
    private final String prefix;

    public KafkaClusterConfig(AbstractConfig config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /**
     * Defines {@code PREFIX.bootstrap.servers}, and each secret client setting under the prefix as a password, so that
     * Connect hides its value wherever it shows the configuration (the validate response, the worker's log of a
     * connector's settings). The other client settings under the prefix are taken as given.
     */
    public static ConfigDef define(ConfigDef def, String prefix, String group, String doc) {
        def.define(prefix + BOOTSTRAP_SERVERS, Type.STRING, "", Importance.MEDIUM, doc + " Other client"
                        + " settings (security.protocol, sasl.*, ssl.*) go under the same '" + prefix + "' prefix.",
                group, 1, Width.LONG, "Bootstrap servers");
        int order = 1;
        for (String secret : SECRET_CLIENT_SETTINGS) {
            def.define(prefix + secret, Type.PASSWORD, null, Importance.LOW, "The client setting " + secret
                    + " for this cluster, a secret: hidden wherever Connect shows the configuration. Give it through"
                    + " a config provider (${file:...}, ${env:...}) to keep it out of the configuration that Connect's"
                    + " REST API returns as submitted.", group, ++order, Width.LONG, secret);
        }
        return def;
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
        Map<String, Object> client = new HashMap<>(config.originalsWithPrefix(prefix));
        client.replaceAll((key, value) -> value instanceof Password password ? password.value() : value);
        return client;
    }

    /** An admin client for the cluster, with a client id that says whose it is; the caller closes it. */
    public Admin createAdmin(String clientId) {
        Map<String, Object> client = clientConfig();
        client.putIfAbsent("client.id", clientId);
        return Admin.create(client);
    }
}
