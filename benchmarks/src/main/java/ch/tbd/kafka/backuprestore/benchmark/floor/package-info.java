/**
 * The Connect floor: two connectors that do no work of their own, so that the worker's throughput with them is what
 * Kafka Connect itself delivers (its consumer or producer, the conversion of every record, its offset handling). No
 * backup or restore connector can be faster than they are on the same worker.
 *
 * <p>Built into a plugin jar of its own and left out of the benchmark's jar: the worker loads these classes from its
 * {@code plugin.path} only, as it loads any installed connector. The benchmark's driver uses nothing of this package
 * but its compile-time constants, which the compiler copies into the driver's classes.
 */
package ch.tbd.kafka.backuprestore.benchmark.floor;
