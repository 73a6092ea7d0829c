package ch.tbd.kafka.backuprestore.benchmark;

/**
 * Records and bytes moved in a time. Bytes are always the records' key, value and header bytes as the data set
 * defines them, whatever the tool counts itself, so that every figure of a run is comparable with its ceiling.
 */
record Throughput(long records, long bytes, long nanos) {

    static Throughput of(DataSet data, long nanos) {
        return new Throughput(data.records(), data.totalBytes(), nanos);
    }

    double seconds() {
        return nanos / 1e9;
    }

    /** Megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return bytes / 1e6 / seconds();
    }

    double recordsPerSecond() {
        return records / seconds();
    }

    double ratioTo(Throughput ceiling) {
        return megabytesPerSecond() / ceiling.megabytesPerSecond();
    }
}
