package org.katzenpost.thin.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads every client of this JVM shares (docs/performance.md, "Connect and CPU per call"): a worker pool
 * (connection readers, reply completions, writers, listeners) and one timer (deadlines, handshake and connect
 * timeouts, retries). Starting a thread costs more than a whole connect to kpclientd, so clients borrow them
 * rather than each starting and stopping their own. Both start threads only when first needed and let them end
 * when idle (workers after {@link #WORKER_IDLE_TIME}, the timer after {@link #TIMER_IDLE_TIME}), so a JVM whose
 * clients are idle or closed holds none. Every thread is a daemon thread; none is ever shut down.
 */
public final class SharedThreads {
    private static final Logger log = LoggerFactory.getLogger(SharedThreads.class);

    /**
     * Logs what escapes a task on one of the library's threads instead of the JVM's default printing to
     * stderr (the library logs through SLF4J only). The message may quote a payload or a listener's data, so
     * only its type is logged above DEBUG.
     */
    static final Thread.UncaughtExceptionHandler UNCAUGHT = (thread, e) -> {
        log.error("{} escaped a task on thread {} (the exception at DEBUG)", e.getClass().getName(),
                thread.getName());
        log.debug("uncaught on thread {}", thread.getName(), e);
    };

    /** How long a worker thread waits without work before it ends (the soak waits this out before counting). */
    public static final Duration WORKER_IDLE_TIME = Duration.ofSeconds(60);
    /** How long the timer's thread waits without a task before it ends. */
    public static final Duration TIMER_IDLE_TIME = Duration.ofSeconds(30);

    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            WORKER_IDLE_TIME.toNanos(), TimeUnit.NANOSECONDS, new SynchronousQueue<>(),
            daemonThreads("katzenpost-worker-"));
    private static final ScheduledExecutorService TIMER = newTimer(daemonThreads("katzenpost-timer-"));

    private SharedThreads() {}

    /** The JVM-wide worker pool: no queue, a task runs on an idle worker or a new one at once. */
    public static ExecutorService workers() {
        return WORKERS;
    }

    /** The JVM-wide timer: its tasks must be quick (they run one after another on one thread). */
    public static ScheduledExecutorService timer() {
        return TIMER;
    }

    /** A timer like the shared one, with its own threads (for tests). */
    static HorizonTimer newTimer(ThreadFactory threads) {
        // No core thread: the thread starts with the first task and ends TIMER_IDLE_TIME after the last one.
        HorizonTimer t = new HorizonTimer(threads);
        t.setKeepAliveTime(TIMER_IDLE_TIME.toNanos(), TimeUnit.NANOSECONDS);
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * A timer whose thread is not woken by every deadline scheduled far ahead. The JDK's timer wakes its thread
     * whenever a new task becomes the earliest in its queue; with no earlier task queued, that is every call's
     * deadline and every handshake's, which are cancelled long before they are due (docs/performance.md,
     * "Connect and close in a loop"). While tasks further away than {@link #HORIZON} are being scheduled, a no-op
     * task at most that far ahead stays queued, so they do not become the earliest: one wake-up per
     * {@link #HORIZON} instead of one per task. It stops when no such task has been scheduled for a while, so an
     * idle timer's thread still ends.
     */
    static final class HorizonTimer extends ScheduledThreadPoolExecutor {
        static final long HORIZON = TimeUnit.SECONDS.toNanos(1);
        private final AtomicBoolean horizonQueued = new AtomicBoolean();
        private volatile long lastFarTask;

        HorizonTimer(ThreadFactory threads) {
            super(0, threads);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            keepHorizon(unit.toNanos(delay));
            return super.schedule(task, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
            keepHorizon(unit.toNanos(delay));
            return super.schedule(task, delay, unit);
        }

        private void keepHorizon(long delayNanos) {
            if (delayNanos <= HORIZON) {
                return;
            }
            lastFarTask = System.nanoTime();
            if (!horizonQueued.get() && horizonQueued.compareAndSet(false, true)) {
                queueHorizon();
            }
        }

        private void queueHorizon() {
            try {
                super.schedule(this::horizon, HORIZON, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                horizonQueued.set(false);
            }
        }

        /** Runs every {@link #HORIZON} while far tasks keep coming; ends after two quiet periods. */
        private void horizon() {
            if (System.nanoTime() - lastFarTask < 2 * HORIZON) {
                queueHorizon();
            } else {
                horizonQueued.set(false);
            }
        }

        /** Whether the no-op task is queued (for tests). */
        boolean horizonQueued() {
            return horizonQueued.get();
        }
    }

    /**
     * A factory of daemon threads named {@code prefix1}, {@code prefix2}, ...: the shared pool's and timer's.
     *
     * @param prefix the start of every thread's name
     * @return a new factory, numbering from 1
     */
    static ThreadFactory daemonThreads(String prefix) {
        return daemonThreads(prefix, true);
    }

    /**
     * One daemon thread named {@code name}, not started, whose uncaught exceptions are logged like those of
     * {@link #daemonThreads(String)}'s threads: for the few threads the library starts by themselves.
     *
     * @param name the thread's name
     * @param task what it runs
     * @return the thread, not started
     */
    public static Thread daemonThread(String name, Runnable task) {
        return daemonThreads(name, false).newThread(task);
    }

    private static ThreadFactory daemonThreads(String prefix, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(UNCAUGHT);
            return t;
        };
    }
}
