package org.katzenpost.thin.internal.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reply completions (which run the caller's dependent stages, i.e. user code) off the reader thread,
 * without a thread hand-off per reply, and the connections' writer tasks.
 *
 * <p>The reader queues each completion; a drainer task on the callback pool runs queued completions one after
 * another until the queue is empty. A new drainer is started only when none is running, so under load one
 * pool thread completes a stream of replies without being parked and woken for each (with a plain
 * {@code pool.execute} per reply, that wake-up was the largest cost of a round trip).
 *
 * <p>Connections start their writer tasks through {@link #writers()}: a call made by a completion (the next call
 * of a chain of dependent stages) while no other completion is queued is written by the same drainer as soon as
 * that completion returns, rather than by another pool thread that has to be woken (docs/performance.md,
 * "Connect and CPU per call"). With completions queued, the writer runs on the pool beside them, so that
 * pipelined calls go out while their predecessors' replies are still being completed. An asynchronous caller
 * never writes: it only queues its frame (a blocking one may write a frame that cannot wait, see
 * {@link Connection#writeHereIfFree}).
 *
 * <p>A completion may block, for instance a dependent stage that waits for another reply: then the replies
 * queued behind it must not wait for it. Whenever completions are queued behind a running drainer, a check is
 * scheduled; if no completion has started or finished for {@link #STALL_NANOS}, it starts more drainers on
 * the pool. A blocked callback therefore delays the others by about a millisecond, never indefinitely.
 */
final class Completions implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Completions.class);
    /** How long queued completions may wait behind one that does not finish, before another drainer starts. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_EXTRA_DRAINERS_PER_CHECK = 4;

    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainers = new AtomicInteger();
    private final AtomicBoolean checkScheduled = new AtomicBoolean();
    /** nanoTime of the last start or end of a completion. */
    private volatile long lastProgress = System.nanoTime();
    /** The Completions whose drainer the current thread is running, if any. */
    private static final ThreadLocal<Completions> DRAINING = new ThreadLocal<>();
    /** One task object for every drainer this instance starts, instead of a method reference per start. */
    private final Runnable drainTask = this::drain;

    Completions(Executor pool, ScheduledExecutorService timer) {
        this.pool = pool;
        this.timer = timer;
    }

    /** Queues a completion; called by the reader thread (any thread may call it). */
    @Override
    public void execute(Runnable completion) {
        queue.add(completion);
        if (drainers.get() == 0 && drainers.compareAndSet(0, 1)) {
            start();
        } else {
            scheduleCheck();
        }
    }

    /** The executor for connections' writer tasks (see the class comment). */
    Executor writers() {
        return this::startWriter;
    }

    private void startWriter(Runnable writer) {
        if (DRAINING.get() == this && queue.isEmpty()) {
            execute(writer); // this drainer is counted: it runs the writer once the current completion returns
        } else {
            pool.execute(writer);
        }
    }

    /** Starts a drainer on the pool, or on a thread of its own once the pool refuses it (closing). */
    private void start() {
        SessionTasks.completeOn(pool, drainTask);
    }

    private void drain() {
        DRAINING.set(this);
        try {
            drainQueue();
        } finally {
            // null, not remove(): the thread's map keeps its entry, so the next drain on it allocates none (a
            // remove and set made a new entry per drain, about one per round trip); the value holds nothing
            DRAINING.set(null);
        }
    }

    private void drainQueue() {
        while (true) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                lastProgress = System.nanoTime();
                try {
                    r.run();
                } catch (Throwable t) {
                    log.warn("a reply completion threw", t);
                }
                lastProgress = System.nanoTime();
            }
            drainers.decrementAndGet();
            // A completion queued after our last poll either saw us still counted (and relies on us) or saw zero
            // and started a drainer itself; re-checking covers the first case.
            if (queue.isEmpty()) {
                return;
            }
            drainers.incrementAndGet();
        }
    }

    private void scheduleCheck() {
        if (!checkScheduled.get() && checkScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::check, STALL_NANOS, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                checkScheduled.set(false); // closing
            }
        }
    }

    private void check() {
        checkScheduled.set(false);
        if (queue.isEmpty()) {
            return;
        }
        if (System.nanoTime() - lastProgress >= STALL_NANOS || drainers.get() == 0) {
            int extra = Math.min(MAX_EXTRA_DRAINERS_PER_CHECK, queue.size());
            log.debug("reply completions stalled behind a callback that does not return; starting {} more", extra);
            for (int i = 0; i < extra; i++) {
                drainers.incrementAndGet();
                start();
            }
            lastProgress = System.nanoTime();
        }
        scheduleCheck();
    }
}
