package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

import ch.tbd.kafka.backuprestore.format.BackupHeader;
import ch.tbd.kafka.backuprestore.format.BackupRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns backed-up records into the records Connect writes: the same key, value, headers and timestamp, to the
 * partition they came from unless the target is repartitioned, with the partition's progress as source offset.
 */
final class RestoreRecords {

    private final boolean repartition;
    private final boolean provenanceHeaders;

    /**
     * @param repartition       leave the partition to the producer's partitioner (key hash) instead of keeping it
     * @param provenanceHeaders add {@code x-old-offset} and {@code x-restored} headers
     */
    RestoreRecords(boolean repartition, boolean provenanceHeaders) {
        this.repartition = repartition;
        this.provenanceHeaders = provenanceHeaders;
    }

    SourceRecord toSourceRecord(PartitionRestore partition, BackupRecord record) {
        ConnectHeaders headers = new ConnectHeaders();
        for (BackupHeader header : record.headers()) {
            headers.add(header.key(), header.value(), Schema.OPTIONAL_BYTES_SCHEMA);
        }
        if (provenanceHeaders) {
            headers.add("x-old-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8),
                    Schema.OPTIONAL_BYTES_SCHEMA);
            headers.add("x-restored", (record.topic() + "-" + record.partition()).getBytes(StandardCharsets.UTF_8),
                    Schema.OPTIONAL_BYTES_SCHEMA);
        }
        Integer targetPartition = repartition ? null : record.partition();
        return new SourceRecord(partition.sourcePartition(), partition.progressToSend().sourceOffset(),
                partition.targetTopic(), targetPartition, Schema.OPTIONAL_BYTES_SCHEMA, record.key(),
                Schema.OPTIONAL_BYTES_SCHEMA, record.value(), record.timestamp(), headers);
    }
}
