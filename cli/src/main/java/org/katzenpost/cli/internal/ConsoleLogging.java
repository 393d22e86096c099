package org.katzenpost.cli.internal;

import java.io.PrintStream;
import java.time.LocalTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The CLI's SLF4J binding: the library logs through SLF4J only, and {@code katzen} owns the console, so its
 * log lines go to standard error, nothing by default, debug with {@code -v}, trace with {@code -vv}
 * (docs/cli.md, "Common options"). A few small classes instead of a logging framework keep the start-up of
 * every command short (docs/performance.md, "CLI start-up").
 *
 * <p>Named to SLF4J by {@code katzen}'s {@code main} (the {@code slf4j.provider} property), and found through
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider} where that is not set (tests).
 */
public final class ConsoleLogging implements SLF4JServiceProvider {

    /** Nothing is logged: the default. */
    public static final int OFF = Integer.MAX_VALUE;

    private static volatile int threshold = OFF;
    private static volatile PrintStream sink = System.err;

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** Public for {@link java.util.ServiceLoader}; use the static methods to configure logging. */
    public ConsoleLogging() {
        // instantiated by SLF4J
    }

    /**
     * Sets the lowest level that is printed.
     *
     * @param level the level, or {@code null} for nothing at all
     */
    public static void setLevel(Level level) {
        threshold = level == null ? OFF : level.toInt();
    }

    /**
     * Where log lines go (standard error unless changed; tests capture it).
     *
     * @param out the stream to print to
     */
    public static void setSink(PrintStream out) {
        sink = java.util.Objects.requireNonNull(out, "out");
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggerFactory = new Factory();
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new NOPMDCAdapter();
    }

    private static final class Factory implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, ConsoleLogger::new);
        }
    }

    /** One named logger; the level is the process-wide threshold, read at every call. */
    private static final class ConsoleLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final String shortName;

        ConsoleLogger(String name) {
            this.name = name;
            int dot = name.lastIndexOf('.');
            this.shortName = dot < 0 ? name : name.substring(dot + 1);
        }

        private static boolean on(Level level) {
            return level.toInt() >= threshold;
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            if (!on(level)) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            LocalTime t = LocalTime.now();
            String line = String.format("%02d:%02d:%02d.%03d %-5s %s - %s", t.getHour(), t.getMinute(),
                    t.getSecond(), t.getNano() / 1_000_000, level, shortName, message);
            PrintStream out = sink;
            synchronized (out) {
                out.println(line);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
            }
        }
    }
}
