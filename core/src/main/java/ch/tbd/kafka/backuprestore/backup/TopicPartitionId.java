package ch.tbd.kafka.backuprestore.backup;

/** A topic-partition, without depending on Kafka's own class. */
public record TopicPartitionId(String topic, int partition) {

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
