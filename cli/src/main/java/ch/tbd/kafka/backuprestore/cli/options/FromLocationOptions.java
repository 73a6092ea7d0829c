package ch.tbd.kafka.backuprestore.cli.options;

import picocli.CommandLine.Option;

/** The backup to read: {@code --from} and the shared location options. */
public final class FromLocationOptions extends LocationOptions {

    @Option(names = "--from", paramLabel = "LOCATION",
            description = "The backup: s3://BUCKET[/PREFIX], file:///PATH or a directory path.")
    String from;

    @Override
    protected String location() {
        return from;
    }

    @Override
    protected String locationOption() {
        return "--from";
    }
}
