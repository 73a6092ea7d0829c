package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the figures were measured on, read from the running system. */
record Machine(String cpu, int cores, String memory, String jdk, String os) {

    static Machine describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name", ":").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal", ":")
                .map(kilobytes -> String.format("%.1f GiB", Long.parseLong(kilobytes.replaceAll("[^0-9]", ""))
                        / 1024.0 / 1024.0))
                .orElse(String.format("%.1f GiB JVM maximum", Runtime.getRuntime().maxMemory() / 1024.0 / 1024 / 1024));
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", "=").map(name -> name.replace("\"", "") + ", ")
                .orElse("") + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, jdk, os);
    }

    /** The 1-minute load average, or "n/a": taken before a run, whether other work shares the machine. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static Optional<String> firstValue(Path file, String key, String separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return Optional.of(line.substring(line.indexOf(separator) + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the caller falls back on what the JVM knows.
        }
        return Optional.empty();
    }
}
