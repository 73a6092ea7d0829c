package ch.tbd.kafka.backuprestore.it;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects WARN and ERROR log events of the whole JVM (broker, worker, connector) while it is open, to check that a
 * problem was reported and not only survived.
 */
public final class LogCapture implements AutoCloseable {

    /** One captured event, with its exception's messages appended so that a cause's text is searchable too. */
    public record Event(Level level, String logger, String text, long timeMillis) {}

    private final Queue<Event> events = new ConcurrentLinkedQueue<>();
    private final AbstractAppender appender;
    private final LoggerContext context;

    private LogCapture(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder text = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    text.append(" | ").append(t);
                }
                events.add(new Event(event.getLevel(), event.getLoggerName(), text.toString(),
                        event.getTimeMillis()));
            }
        };
        appender.start();
        Configuration configuration = context.getConfiguration();
        // Every logger passes its events on to the root's appenders (additivity), so one appender sees them all.
        configuration.getRootLogger().addAppender(appender, level, null);
        context.updateLoggers();
    }

    /** Captures warnings and errors. */
    public static LogCapture start() {
        return new LogCapture(Level.WARN);
    }

    /** Captures events of {@code level} and above, of the loggers configured to log them. */
    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Events whose text, exceptions included, contains {@code text}. */
    public List<Event> containing(String text) {
        return events.stream().filter(e -> e.text().contains(text)).toList();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
