package org.katzenpost.thin.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every client of this JVM shares (docs/performance.md, "Connect and CPU per call"): a worker pool
 * (connection readers, reply completions, writers, listeners) and one timer (deadlines, handshake and connect
 * timeouts, retries). Starting a thread costs more than a whole connect to kpclientd, so clients borrow them
 * rather than each starting and stopping their own. Both start threads only when first needed and let them end
 * when idle (workers after 60 s, the timer after 30 s), so a JVM whose clients are idle or closed holds none.
 * Every thread is a daemon thread; none is ever shut down.
 */
public final class SharedThreads {
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemon("katzenpost-worker-"));
    private static final ScheduledExecutorService TIMER = newTimer();

    private SharedThreads() {}

    /** The JVM-wide worker pool: no queue, a task runs on an idle worker or a new one at once. */
    public static ExecutorService workers() {
        return WORKERS;
    }

    /** The JVM-wide timer: its tasks must be quick (they run one after another on one thread). */
    public static ScheduledExecutorService timer() {
        return TIMER;
    }

    private static ScheduledExecutorService newTimer() {
        // No core thread: the thread starts with the first task and ends 30 s after the last one.
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(0, daemon("katzenpost-timer-"));
        t.setKeepAliveTime(30, TimeUnit.SECONDS);
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
