package ch.tbd.kafka.backuprestore.benchmark.floor;

/** The version the floor's connectors and tasks report: they change only with the benchmark. */
final class FloorVersion {

    static final String VERSION = "1";

    private FloorVersion() {}
}
