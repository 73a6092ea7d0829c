package ch.tbd.kafka.backuprestore.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JVM started from the benchmark's library directory, its output going to a log file. Every one still running when
 * the benchmark's JVM exits, however it exits, is killed: a left-over broker or worker would hold its ports and disturb
 * the next run's figures.
 */
final class ChildProcess implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "kill-child-processes"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param jvmOptions heap size, system properties and the like, before the main class
     * @param log        where standard output and standard error go
     */
    static ChildProcess start(String name, Classpath classpath, List<String> jvmOptions, String mainClass,
            List<String> arguments, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath.toString());
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Runs a JVM to its end and fails unless it exits with 0. */
    static void run(String name, Classpath classpath, List<String> jvmOptions, String mainClass, List<String> arguments,
            Path log, long timeoutSeconds) throws InterruptedException {
        try (ChildProcess child = start(name, classpath, jvmOptions, mainClass, arguments, log)) {
            if (!child.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; see " + log);
            }
            if (child.process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + child.process.exitValue() + "; see " + log);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Fails with a pointer to the log when the process has ended although it should be running. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** Asks the process to stop (SIGTERM, so that Kafka shuts down in order), and kills it if it does not. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    private static void killAll() {
        for (Process process : RUNNING) {
            process.destroyForcibly();
        }
    }

    /**
     * The child processes' class path: every jar of the benchmark's library directory but the project's own. The
     * driver needs those (core's format classes, the command-line tool), and the tool brings the connectors with it: on
     * the worker's class path, they would be found there besides the plugin.path.
     */
    record Classpath(Path libraryDirectory) {

        private static final String PROJECT_JARS = "kafka-backup-";

        @Override
        public String toString() {
            try (Stream<Path> jars = Files.list(libraryDirectory)) {
                return jars.filter(jar -> !jar.getFileName().toString().startsWith(PROJECT_JARS))
                        .map(Path::toString)
                        .sorted()
                        .collect(Collectors.joining(File.pathSeparator));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + libraryDirectory, e);
            }
        }
    }
}
