package org.katzenpost.it;

import java.util.function.Supplier;

/**
 * Measured figures, printed to stdout as {@code FIGURE name=value} lines so that the CI log shows them (grep
 * {@code '^FIGURE '}). Durations are whole milliseconds and their names end in {@code _ms}.
 */
final class Figures {
    private Figures() {}

    static void print(String name, Object value) {
        System.out.println("FIGURE " + name + "=" + value);
        System.out.flush();
    }

    /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}). */
    static long msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Prints {@code FIGURE name_ms=…} for the milliseconds between two {@link System#nanoTime()} readings. */
    static long printMs(String name, long fromNanos, long toNanos) {
        long ms = (toNanos - fromNanos) / 1_000_000;
        print(name + "_ms", ms);
        return ms;
    }

    /** Runs {@code op}, prints {@code FIGURE name_ms=…} for how long it took (only when it succeeds). */
    static <T> T time(String name, Supplier<T> op) {
        long t0 = System.nanoTime();
        T result = op.get();
        printMs(name, t0, System.nanoTime());
        return result;
    }

    static void time(String name, Runnable op) {
        long t0 = System.nanoTime();
        op.run();
        printMs(name, t0, System.nanoTime());
    }
}
