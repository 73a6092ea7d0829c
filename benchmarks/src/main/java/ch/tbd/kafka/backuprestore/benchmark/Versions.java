package ch.tbd.kafka.backuprestore.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of Kafka, s3proxy and this project that the build put into the benchmark. */
final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {}

    static String kafka() {
        return VERSIONS.getProperty("kafka");
    }

    static String s3proxy() {
        return VERSIONS.getProperty("s3proxy");
    }

    static String project() {
        return VERSIONS.getProperty("project");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the benchmark's jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
