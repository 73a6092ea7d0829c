package ch.tbd.kafka.backuprestore.cli;

import ch.tbd.kafka.backuprestore.format.CorruptObjectException;
import ch.tbd.kafka.backuprestore.storage.StorageException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns any failure of a command into one line on standard error and an exit code, instead of a stack trace. */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        commandLine.getErr().println("kafka-backup: " + e.getMessage());
        if (e instanceof StorageException storage) {
            return storage.retriable() ? ExitCodes.RETRIABLE_FAILURE : ExitCodes.FATAL_FAILURE;
        }
        if (e instanceof UncheckedIOException) {
            return ExitCodes.RETRIABLE_FAILURE;
        }
        if (e instanceof CorruptObjectException) {
            return ExitCodes.PROBLEMS_FOUND;
        }
        if (e instanceof IllegalArgumentException || e instanceof ConfigException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FATAL_FAILURE;
    }
}
