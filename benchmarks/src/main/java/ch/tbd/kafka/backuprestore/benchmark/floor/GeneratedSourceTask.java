package ch.tbd.kafka.backuprestore.benchmark.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Emits its share of the records in batches, each with an explicit partition, a timestamp and a source partition and
 * offset of its own, as a restore task does; then idles until stopped.
 */
public final class GeneratedSourceTask extends SourceTask {

    /** The restore's default restore.batch.max.records: both hand Kafka Connect batches of the same size. */
    private static final int BATCH = 2000;
    private static final long IDLE_MS = 100;
    private static final String PARTITION = "partition";
    private static final String INDEX = "index";

    private String topic;
    private long records;
    private int partitions;
    private long firstTimestamp;
    private long timeSpanMs;
    private PayloadPool pool;
    private long next;
    private int step;

    @Override
    public void start(Map<String, String> props) {
        Map<String, Object> config = GeneratedSourceConnector.CONFIG.parse(props);
        topic = (String) config.get(GeneratedSourceConnector.TOPIC);
        records = (Long) config.get(GeneratedSourceConnector.RECORDS);
        partitions = (Integer) config.get(GeneratedSourceConnector.PARTITIONS);
        firstTimestamp = (Long) config.get(GeneratedSourceConnector.FIRST_TIMESTAMP);
        timeSpanMs = (Long) config.get(GeneratedSourceConnector.TIME_SPAN_MS);
        @SuppressWarnings("unchecked")
        List<String> headers = (List<String>) config.get(GeneratedSourceConnector.HEADERS);
        pool = new PayloadPool((Integer) config.get(GeneratedSourceConnector.KEY_BYTES),
                (Integer) config.get(GeneratedSourceConnector.VALUE_BYTES), headers);
        next = Long.parseLong(props.getOrDefault(GeneratedSourceConnector.TASK_INDEX, "0"));
        step = Integer.parseInt(props.getOrDefault(GeneratedSourceConnector.TASK_COUNT, "1"));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (next >= records) {
            // Returning at once would have the worker call again in a busy loop.
            Thread.sleep(IDLE_MS);
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>(BATCH);
        for (; batch.size() < BATCH && next < records; next += step) {
            batch.add(record(next));
        }
        return batch;
    }

    private SourceRecord record(long index) {
        int partition = (int) (index % partitions);
        long timestamp = firstTimestamp + index * timeSpanMs / records;
        return new SourceRecord(Map.of(PARTITION, partition), Map.of(INDEX, index), topic, partition,
                Schema.OPTIONAL_BYTES_SCHEMA, pool.key(index), Schema.OPTIONAL_BYTES_SCHEMA, pool.value(index),
                timestamp, pool.headers(index));
    }

    @Override
    public void stop() {
        // Nothing to release; poll() returns within its idle time.
    }

    @Override
    public String version() {
        return FloorVersion.VERSION;
    }
}
