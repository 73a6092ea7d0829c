package ch.tbd.kafka.backuprestore.benchmark.floor;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Reads the size of every record's key, value and headers, keeps the sums and nothing else, and lets the worker commit
 * everything it was given.
 */
public final class DiscardSinkTask extends SinkTask {

    private long records;
    private long bytes;
    private long headers;

    @Override
    public void start(Map<String, String> props) {
        // No settings.
    }

    @Override
    public void put(Collection<SinkRecord> batch) {
        // Touching every record keeps the work the worker did for it from looking unused; the sums stay in fields
        // that outlive the call, so the JIT cannot drop the reads.
        for (SinkRecord record : batch) {
            bytes += length(record.key()) + length(record.value());
            headers += record.headers().size();
        }
        records += batch.size();
        if (!batch.isEmpty()) {
            // Done with these records, as a backup is once their object is stored: commit at once rather than at the
            // next offset.flush.interval.ms, which would add up to that interval to the measured time. The worker
            // runs one commit at a time, so this costs at most one asynchronous commit per poll.
            context.requestCommit();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // Everything handed to put() is dealt with.
        return currentOffsets;
    }

    @Override
    public void stop() {
        // Nothing to release.
    }

    @Override
    public String version() {
        return FloorVersion.VERSION;
    }

    @Override
    public String toString() {
        return "DiscardSinkTask[" + records + " records, " + bytes + " key and value bytes, " + headers + " headers]";
    }

    private static long length(Object data) {
        return data instanceof byte[] array ? array.length : 0;
    }
}
