package ch.tbd.kafka.backuprestore.restore.kafkaconnect;

/** What a restore task exposes over JMX, under {@code kafka.backup:type=restore-task,connector=NAME,task=ID}. */
public interface RestoreTaskMetricsMBean {

    long getRecordsRestored();

    long getBytesRead();

    long getObjectsRead();

    long getObjectsSkipped();

    long getCorruptObjects();

    long getFailedWrites();

    int getPartitionsAssigned();

    int getPartitionsComplete();

    boolean isComplete();
}
