package org.katzenpost.thin.internal.session;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.katzenpost.thin.internal.SharedThreads;

/**
 * One session's tasks on the JVM-wide worker pool ({@link org.katzenpost.thin.internal.SharedThreads}): counts
 * them, so that {@code close()} can wait until none of its reply completions, writes and listeners is running,
 * refuses new ones once shut down, and can interrupt those that do not return.
 */
final class SessionTasks implements Executor {
    private final Executor pool;
    /** Tasks accepted and not yet finished. */
    private final AtomicInteger unfinished = new AtomicInteger();
    /**
     * The threads running a task of this session, with how many each runs (more than one when a pool runs a task
     * inside another); guarded by {@code this}. An identity map: adding and removing a thread allocates nothing
     * (a hash map's node per task was about 30 bytes of every round trip).
     */
    private final Map<Thread, Integer> running = new IdentityHashMap<>();
    private volatile boolean shutdown;

    SessionTasks(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        // counted before the check, so a task accepted concurrently with shutdown() is waited for
        unfinished.incrementAndGet();
        if (shutdown) {
            finished();
            throw new RejectedExecutionException("the client is closing");
        }
        try {
            pool.execute(() -> run(task));
        } catch (RejectedExecutionException | Error e) {
            finished();
            throw e;
        }
    }

    private void run(Runnable task) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            Integer n = running.get(me);
            running.put(me, n == null ? 1 : n + 1);
        }
        try {
            task.run();
        } finally {
            synchronized (this) {
                Integer n = running.get(me);
                if (n != null && n > 1) {
                    running.put(me, n - 1);
                } else {
                    running.remove(me);
                }
                if (shutdown) {
                    Thread.interrupted(); // an interrupt meant for this task must not reach the pool's next one
                }
            }
            finished();
        }
    }

    private void finished() {
        unfinished.decrementAndGet();
        // every end after shutdown, not only the last: a close() called by one of our tasks waits for all but it
        if (shutdown) {
            synchronized (unfinished) {
                unfinished.notifyAll();
            }
        }
    }

    /**
     * Runs {@code completion} on {@code callbacks}, or on a thread of its own when they refuse it because the
     * session is closing: a call's future must end even then (close() fails only the calls still in its tables,
     * and {@code Futures.await} waits without a deadline of its own). Not on the calling thread: the callers are
     * the JVM-wide timer, the reader and the writer, and the application's dependent stages must never run there
     * (as {@code Completions} does for replies, whose drainers start here too).
     */
    static void completeOn(Executor callbacks, Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (RejectedExecutionException closing) {
            SharedThreads.daemonThread("katzenpost-thin-completions", completion).start();
        }
    }

    /** Refuses new tasks; those already accepted still run. */
    void shutdown() {
        shutdown = true;
    }

    /**
     * Waits until every accepted task has finished, except those the calling thread runs (a listener or callback
     * that closes the client: it cannot end while it waits here); true if they did within {@code timeout}.
     */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        int own;
        synchronized (this) {
            own = running.getOrDefault(Thread.currentThread(), 0);
        }
        synchronized (unfinished) {
            while (unfinished.get() > own) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(unfinished, left);
            }
        }
        return true;
    }

    /** Interrupts the threads running a task of this session now, except the calling one (see awaitTermination). */
    synchronized void interruptRunning() {
        Thread me = Thread.currentThread();
        running.keySet().forEach(t -> {
            if (t != me) {
                t.interrupt();
            }
        });
    }
}
