package ch.tbd.kafka.backuprestore.format;

import java.util.Optional;

/**
 * Where objects go: {@code [prefix/]TOPIC/PARTITION/TOPIC-PARTITION-STARTOFFSET.avro}, and for a later incarnation of
 * a topic deleted and created again, {@code [prefix/]TOPIC/incarnation-N-TOPICID/PARTITION/...} ({@link Incarnation}).
 * The snapshots of a compacted topic's backup go in a directory per instance of the pair,
 * {@code [prefix/]TOPIC/INSTANCE/PARTITION/...}, as the original design named them: a layout
 * {@link #forInstance for an instance} reads and writes one of them like a backup of its own.
 *
 * <p>The start offset is zero-padded to 20 digits so that the names of a partition's objects sort by offset, and so that
 * a backup that writes an object again after a crash or rebalance produces the very same name.
 */
public final class BackupLayout {

    public static final String EXTENSION = ".avro";
    private static final String METADATA_MARK = "~";
    private static final int OFFSET_DIGITS = 20;

    private final String prefix;
    /** The instance of a compacted backup whose snapshot this layout reads and writes; {@code null} for a topic's. */
    private final String instance;

    /** @param prefix a key prefix inside the bucket or directory, with or without trailing '/'; empty for none */
    public BackupLayout(String prefix) {
        this(normalized(prefix), null);
    }

    private BackupLayout(String prefix, String instance) {
        this.prefix = prefix;
        this.instance = instance;
    }

    /**
     * The layout of one instance's snapshot of compacted topics, under the same prefix.
     *
     * @throws IllegalArgumentException for a name that cannot be a directory beside partitions and incarnations
     */
    public BackupLayout forInstance(String name) {
        String problem = instanceNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new BackupLayout(prefix, name);
    }

    /** Why {@code name} cannot name an instance's directory, or {@code null} when it can. */
    public static String instanceNameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "an instance needs a name";
        }
        if (name.contains("/") || name.startsWith(METADATA_MARK) || name.equals(".") || name.equals("..")) {
            return "'" + name + "' cannot name a directory of the backup: no '/', no leading '~'";
        }
        if (name.chars().allMatch(Character::isDigit) || Incarnation.ofDirectory(name).isPresent()) {
            return "'" + name + "' would be taken for a partition or incarnation directory: choose another name";
        }
        return null;
    }

    /** The instance whose snapshot this layout is for; {@code null} for the layout of plain topic backups. */
    public String instance() {
        return instance;
    }

    /**
     * The instance of a compacted backup whose object {@code key} is, for the layout of plain topic backups; empty for
     * a topic's own object and anything else.
     */
    public Optional<String> instanceOf(String key) {
        if (instance != null || !key.startsWith(prefix) || !key.endsWith(EXTENSION)) {
            return Optional.empty();
        }
        String[] path = key.substring(prefix.length()).split("/");
        if (path.length < 4 || instanceNameProblem(path[1]) != null) {
            return Optional.empty();
        }
        return forInstance(path[1]).parse(key).isPresent() ? Optional.of(path[1]) : Optional.empty();
    }

    private static String normalized(String prefix) {
        String trimmed = prefix == null ? "" : prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? "" : trimmed + "/";
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
        return prefix + topic + "/" + (instance == null ? "" : instance + "/");
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
        if (instance != null) {
            if (path.length < 4 || !path[1].equals(instance)) {
                return Optional.empty();
            }
            String[] withoutInstance = new String[path.length - 1];
            withoutInstance[0] = path[0];
            System.arraycopy(path, 2, withoutInstance, 1, path.length - 2);
            path = withoutInstance;
        }
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
