package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The source offset of one restored record: its partition's {@link RestoreProgress} as the immutable map Connect
 * wants, whose entries are made only when Connect reads them. Connect keeps every record's offset until the record is
 * acknowledged but reads (serializes) only the newest of each partition when it commits, so a map built up front for
 * every record, with its boxed numbers, was garbage made a million times over for each one read.
 */
final class ProgressOffset extends AbstractMap<String, Object> {

    private final RestoreProgress progress;
    private Map<String, Object> entries;

    ProgressOffset(RestoreProgress progress) {
        this.progress = progress;
    }

    /** The original offset without making the map: the task reads it of every record written. */
    @Override
    public Object get(Object key) {
        return RestoreProgress.OFFSET.equals(key) ? Long.valueOf(progress.offset()) : super.get(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> built = entries;
        if (built == null) {
            built = progress.toMap();
            entries = built;
        }
        return built.entrySet();
    }
}
