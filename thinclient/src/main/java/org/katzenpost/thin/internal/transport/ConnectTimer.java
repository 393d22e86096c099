package org.katzenpost.thin.internal.transport;

import java.io.Closeable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.katzenpost.thin.internal.SharedThreads;

/**
 * Bounds a blocking connect that has no timeout of its own: when the time is up, the socket is closed from
 * the JVM-wide timer ({@link SharedThreads}), which makes the blocked connect fail. Used for Unix-domain sockets, whose blocking
 * {@code connect} waits while the listener's backlog is full.
 */
final class ConnectTimer implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = SharedThreads.timer();

    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    private ConnectTimer(Closeable target, long timeoutMillis) {
        this.task = TIMER.schedule(() -> {
            fired.set(true);
            Transports.closeQuietly(target); // the connect fails either way
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    static ConnectTimer start(Closeable target, long timeoutMillis) {
        return new ConnectTimer(target, timeoutMillis);
    }

    /** Runs {@code task} once on the shared timer thread after {@code delayMillis}; it must be quick. */
    static ScheduledFuture<?> later(Runnable task, long delayMillis) {
        return TIMER.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** True if the timer closed the socket, i.e. the connect failed because time ran out. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
