package ch.tbd.kafka.backuprestore.cli.options;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Default connector names of the commands. A connector's name keys its progress: a backup's consumer group, a
 * restore's source offsets. Deriving it from the backup location lets a second run continue the first without
 * letting a backup to a new place skip what an older one at another place already covered.
 */
public final class ConnectorNames {

    private ConnectorNames() {}

    /** {@code prefix} followed by a short digest of the location. */
    public static String forLocation(String prefix, Map<String, String> storage) {
        String location = LocationOptions.describe(storage);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
