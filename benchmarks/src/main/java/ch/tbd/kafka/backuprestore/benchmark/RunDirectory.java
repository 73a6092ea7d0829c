package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where one run keeps everything it writes: the broker's log directory, the S3 server's files, the processes' logs and
 * their logging configuration. Kept after the run so that a surprising figure can be traced to a log.
 */
final class RunDirectory {

    private static final String CHILD_LOGGING = """
            status = warn
            appender.out.type = Console
            appender.out.name = OUT
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = ${sys:benchmark.log.level:-INFO}
            rootLogger.appenderRef.out.ref = OUT
            """;

    private static final String DRIVER_LOGGING = """
            status = warn
            appender.file.type = File
            appender.file.name = FILE
            appender.file.fileName = %s
            appender.file.layout.type = PatternLayout
            appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
            rootLogger.level = WARN
            rootLogger.appenderRef.file.ref = FILE
            """;

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** A new directory {@code benchmark-TIMESTAMP} under {@code parent}, with the logging configurations in it. */
    static RunDirectory create(Path parent) throws IOException {
        String name = "benchmark-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path root = Files.createDirectories(parent.resolve(name)).toAbsolutePath();
        Files.createDirectories(root.resolve("logs"));
        Files.writeString(root.resolve("log4j2-child.properties"), CHILD_LOGGING);
        Files.writeString(root.resolve("log4j2-driver.properties"),
                DRIVER_LOGGING.formatted(root.resolve("logs").resolve("driver.log")));
        return new RunDirectory(root);
    }

    /** Sends this JVM's own logging (s3proxy, Kafka clients) to logs/driver.log; call before anything logs. */
    void configureDriverLogging() {
        System.setProperty("log4j2.configurationFile", root.resolve("log4j2-driver.properties").toString());
    }

    /** The JVM option that gives a child process the shared logging configuration, at INFO unless it says else. */
    String childLoggingOption() {
        return "-Dlog4j2.configurationFile=" + root.resolve("log4j2-child.properties");
    }

    Path root() {
        return root;
    }

    Path log(String name) {
        return root.resolve("logs").resolve(name + ".log");
    }

    /**
     * Deletes the data of the run (the broker's logs, the S3 server's store, backups in directories): gigabytes a run,
     * which repeated runs would pile up. The logs, configurations and recordings stay.
     */
    void deleteData() throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.filter(Files::isDirectory).filter(path -> !path.getFileName().toString()
                    .equals("logs")).toList()) {
                try (java.util.stream.Stream<Path> tree = Files.walk(entry)) {
                    for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    Path directory(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }
}
