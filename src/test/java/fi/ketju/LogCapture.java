package fi.ketju;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Every log event the JVM writes from {@link #capture()} to {@link #close()}, whichever logger and thread wrote it,
 * with the logging context it had, and whatever is printed to standard out and error meanwhile (where libraries such
 * as Saxon report): for tests that read what an operator's log would hold.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private LogCapture() {
    }

    /** Captures from now on, until closed. */
    public static LogCapture capture() {
        LogCapture capture = new LogCapture();
        capture.start();
        root().addAppender(capture);
        System.setOut(new PrintStream(new Tee(capture.out, capture.printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(capture.err, capture.printed), true, StandardCharsets.UTF_8));
        return capture;
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** Each event as {@link #text} has it, then what was printed. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(events.stream().map(LogCapture::text).toList());
        synchronized (printed) {
            lines.add(printed.toString(StandardCharsets.UTF_8));
        }
        return lines;
    }

    /**
     * Everything a log line could show of the event: its logger, message, arguments and logging context, and each
     * exception with its causes, suppressed exceptions and frames.
     */
    public static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage())
                .append(' ').append(event.getMDCPropertyMap());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append(' ').append(argument);
            }
        }
        append(text, event.getThrowableProxy());
        return text.toString();
    }

    private static void append(StringBuilder text, IThrowableProxy thrown) {
        if (thrown == null) {
            return;
        }
        text.append('\n').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
        for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
            text.append("\n\t").append(frame.getSTEAsString());
        }
        for (IThrowableProxy suppressed : thrown.getSuppressed()) {
            append(text, suppressed);
        }
        append(text, thrown.getCause());
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Writes to the stream it replaces and to the capture. */
    private static final class Tee extends OutputStream {

        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
