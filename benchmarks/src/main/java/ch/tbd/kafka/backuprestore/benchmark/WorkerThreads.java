package ch.tbd.kafka.backuprestore.benchmark;

import java.util.List;

/**
 * The Connect worker's threads by what runs on them, told apart by their names. The worker's CPU per record alone
 * does not say whether a phase went to Connect and our connector, to the Kafka clients' network threads or to the JVM
 * itself (the garbage collector, the JIT compiler); these groups do.
 *
 * <p>Names are as Linux keeps them in {@code /proc/PID/task/TID/comm}: the first 15 characters of the Java name, so
 * every prefix below is matched cut to that length ({@code connector-thread-NAME} is {@code connector-threa}).
 */
enum WorkerThreads {

    /**
     * Kafka Connect's pool threads: while one runs a task ({@code task-thread-NAME-0}) or a connector
     * ({@code connector-thread-NAME}) Connect names it after that, and back to {@code pool-N-thread-M} when it ends.
     * Connect's consumer or producer calls, the conversion of every record and the connector's put or poll all run
     * there.
     */
    TASKS("Task threads", "pool-", "task-thread-", "connector-thread-"),
    /** The connector's own threads: background uploads, prefetch, the restore's readers. */
    CONNECTOR("Connector's background threads", "kafka-backup-"),
    /** The Kafka clients' threads besides the caller's: producers' and admin clients' network threads, heartbeats. */
    CLIENT_IO("Kafka client I/O", "kafka-producer-network-thread", "kafka-coordinator-heartbeat-thread",
            "kafka-admin-client-thread"),
    /** G1's threads and the VM thread, which runs the collector's safepoint operations. */
    GC("GC", "GC Thread#", "G1 Conc#", "G1 Refine#", "G1 Main Marker", "G1 Young RemSet", "G1 Service",
            "VM Thread"),
    JIT("JIT compiler", "C1 CompilerThread", "C2 CompilerThread", "Sweeper thread"),
    /** The REST server, the herder, the readers of the worker's own topics, JMX and the rest. */
    OTHER("Other");

    /** Linux cuts a thread's name to 15 characters (16 bytes with the terminating zero). */
    private static final int NAME_LENGTH = 15;
    /** Executors' default name: Connect's pool, but also any pool that names its threads no better. */
    private static final String GENERIC_POOL = "pool-";

    private final String label;
    private final List<String> prefixes;

    WorkerThreads(String label, String... prefixes) {
        this.label = label;
        this.prefixes = List.of(prefixes);
    }

    String label() {
        return label;
    }

    /** The group of a thread by its name as {@code comm} gives it. */
    static WorkerThreads of(String name) {
        for (WorkerThreads group : values()) {
            for (String prefix : group.prefixes) {
                if (name.startsWith(prefix.substring(0, Math.min(prefix.length(), NAME_LENGTH)))) {
                    return group;
                }
            }
        }
        return OTHER;
    }

    /**
     * The group of a thread that may have been renamed during a phase, by its name at the end or at the start,
     * whichever says more: Connect's pool threads carry the task's name only while they run it.
     *
     * @param atStart its name at the start, or null for a thread that began during the phase
     */
    static WorkerThreads of(String atStart, String atEnd) {
        WorkerThreads start = atStart == null ? OTHER : of(atStart);
        WorkerThreads end = of(atEnd);
        return specificity(atStart, start) > specificity(atEnd, end) ? start : end;
    }

    /** 0 for a name no group claims, 1 for Executors' default name, 2 for a name that says what runs on it. */
    private static int specificity(String name, WorkerThreads group) {
        return group == OTHER ? 0 : name.startsWith(GENERIC_POOL) ? 1 : 2;
    }
}
