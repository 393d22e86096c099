package org.katzenpost.thin.internal.session;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A count of something the client skips or drops (a malformed frame, a frame of unknown kind, an event a full
 * queue drops), and which occurrences of it are logged at WARN: the first and then every 1000th, the others at
 * DEBUG ({@link #log}) or not at all, as the caller chooses. A daemon or a stuck consumer can repeat one of these
 * without end; this way it cannot flood the log, and the count in each WARN line still says how often it happened.
 * Thread-safe.
 */
final class WarnLimiter {
    /** After the first, one occurrence in this many is logged at WARN. */
    static final long EVERY = 1000;

    private final AtomicLong count = new AtomicLong();

    /** Counts one more occurrence and returns its number, from 1. */
    long next() {
        return count.incrementAndGet();
    }

    /** The occurrences counted so far. */
    long count() {
        return count.get();
    }

    /** Whether the {@code n}-th occurrence (a number {@link #next()} returned) is logged at WARN. */
    static boolean warns(long n) {
        return n == 1 || n % EVERY == 0;
    }

    /**
     * Logs occurrence {@code n} (a number {@link #next()} returned) at WARN if {@link #warns} says so, saying that
     * the others are at DEBUG, and otherwise at DEBUG. Only for messages without secrets: both levels get the same
     * arguments.
     */
    static void log(Logger log, long n, String format, Object... args) {
        if (warns(n)) {
            if (log.isWarnEnabled()) {
                log.warn(format + " (logged at WARN the first time and every " + EVERY + "th, at DEBUG otherwise)",
                        args);
            }
        } else {
            log.debug(format, args);
        }
    }
}
