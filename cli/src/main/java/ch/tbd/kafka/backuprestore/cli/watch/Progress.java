package ch.tbd.kafka.backuprestore.cli.watch;

/**
 * How far a long-running command has come.
 *
 * @param totalRecords records to do in all, or -1 when unknown
 * @param totalBytes   bytes to do in all, or -1 when unknown
 */
public record Progress(long records, long totalRecords, long bytes, long totalBytes) {}
