package ch.tbd.kafka.backuprestore.format;

import java.util.Optional;

/**
 * Where objects go: {@code [prefix/]TOPIC/PARTITION/TOPIC-PARTITION-STARTOFFSET.avro}, and for a later incarnation of
 * a topic deleted and created again, {@code [prefix/]TOPIC/incarnation-N-TOPICID/PARTITION/...} ({@link Incarnation}).
 *
 * <p>The start offset is zero-padded to 20 digits so that the names of a partition's objects sort by offset, and so that
 * a backup that writes an object again after a crash or rebalance produces the very same name.
 */
public final class BackupLayout {

    public static final String EXTENSION = ".avro";
    private static final String METADATA_MARK = "~";
    private static final int OFFSET_DIGITS = 20;

    private final String prefix;

    /** @param prefix a key prefix inside the bucket or directory, with or without trailing '/'; empty for none */
    public BackupLayout(String prefix) {
        String trimmed = prefix == null ? "" : prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Where backups keep what is not a topic's records, such as consumer-group offset snapshots: a directory named
     * {@code ~NAME} under the prefix. Kafka topic names cannot hold '~', so it never meets a topic's directory, and the
     * catalog passes over it.
     */
    public String metadataPrefix(String name) {
        return prefix + METADATA_MARK + name + "/";
    }

    /** Whether a key lies in a metadata directory ({@link #metadataPrefix}) rather than a topic's. */
    public boolean isMetadata(String key) {
        return key.startsWith(prefix) && key.startsWith(METADATA_MARK, prefix.length());
    }

    public String topicPrefix(String topic) {
        return prefix + topic + "/";
    }

    /** Where an incarnation's partition directories are: the topic's own, or the incarnation's directory in it. */
    public String incarnationPrefix(String topic, Incarnation incarnation) {
        return incarnation.hasOwnDirectory() ? topicPrefix(topic) + incarnation.directory() + "/" : topicPrefix(topic);
    }

    public String partitionPrefix(String topic, int partition) {
        return partitionPrefix(topic, Incarnation.UNKNOWN, partition);
    }

    public String partitionPrefix(String topic, Incarnation incarnation, int partition) {
        return incarnationPrefix(topic, incarnation) + partition + "/";
    }

    public String objectKey(String topic, int partition, long startOffset) {
        return objectKey(topic, Incarnation.UNKNOWN, partition, startOffset);
    }

    public String objectKey(String topic, Incarnation incarnation, int partition, long startOffset) {
        if (startOffset < 0) {
            throw new IllegalArgumentException("negative start offset " + startOffset);
        }
        return partitionPrefix(topic, incarnation, partition) + topic + "-" + partition + "-"
                + zeroPadded(startOffset) + EXTENSION;
    }

    /** Parses a key written by {@link #objectKey}; empty for anything else found under the prefix. */
    public Optional<ObjectKey> parse(String key) {
        if (!key.startsWith(prefix) || !key.endsWith(EXTENSION)) {
            return Optional.empty();
        }
        String[] path = key.substring(prefix.length()).split("/");
        Incarnation incarnation;
        if (path.length == 3) {
            incarnation = Incarnation.UNKNOWN;
        } else if (path.length == 4) {
            Optional<Incarnation> own = Incarnation.ofDirectory(path[1]);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            incarnation = own.get();
        } else {
            return Optional.empty();
        }
        String topic = path[0];
        String partitionName = path[path.length - 2];
        String fileName = path[path.length - 1];
        String name = fileName.substring(0, fileName.length() - EXTENSION.length());
        String expectedStart = topic + "-" + partitionName + "-";
        if (!name.startsWith(expectedStart)) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(partitionName);
            long startOffset = Long.parseLong(name.substring(expectedStart.length()));
            if (partition < 0 || startOffset < 0
                    || !key.equals(objectKey(topic, incarnation, partition, startOffset))) {
                return Optional.empty();
            }
            return Optional.of(new ObjectKey(topic, partition, startOffset, incarnation.number(),
                    incarnation.topicId()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String zeroPadded(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }
}
