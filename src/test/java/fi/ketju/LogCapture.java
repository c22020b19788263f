package fi.ketju;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Every log event the JVM writes from {@link #capture()} to {@link #close()}, whichever logger and thread wrote it,
 * with the logging context it had: for tests that read what an operator's log would hold.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

    private LogCapture() {
    }

    /** Captures from now on, until closed. */
    public static LogCapture capture() {
        LogCapture capture = new LogCapture();
        capture.start();
        root().addAppender(capture);
        return capture;
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** Everything a log line shows of the event: its message, each exception of its cause chain, its logging context. */
    public static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            text.append('\n').append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        return text.append('\n').append(event.getMDCPropertyMap()).toString();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
