package org.katzenpost.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon writes of one transfer, run over its writer clients with a bounded number in flight on each:
 * kpclientd handles the requests of one connection one after the other, so writes spread over several
 * connections keep several of its cores busy, and their mixnet round trips overlap
 * (docs/performance.md#file-transfer). Each writer has threads of its own, so a slow connection never takes more
 * than its share of the writes in flight.
 *
 * <p>{@link #submit} blocks while {@code maxQueued} writes are queued or running, so a producer reading a large
 * source holds at most that many boxes in memory. The first failure, in the order the writes finished, is thrown
 * by the next {@link #submit}, {@link #throwIfFailed} or {@link #awaitAll} as the write threw it (an
 * {@link Error} too, so a simulated crash stays one). {@link #close} stops the writes still queued, interrupts the
 * running ones and waits up to 30 s for them.
 */
final class ParallelWrites implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParallelWrites.class);

    /** One write, run on a writer's thread. */
    interface Write {
        void run();
    }

    private final String what;
    private final List<ExecutorService> writers;
    private final Semaphore room;
    private final Object lock = new Object();
    /** Writes submitted and not finished; guarded by {@link #lock}. */
    private int unfinished;
    /** The first write's failure; guarded by {@link #lock}. */
    private Throwable failure;

    /**
     * @param what what is written, for error messages (for example "a copy transfer")
     * @param writers the writer clients, at least 1
     * @param inFlightPerWriter writes at once on each writer, at least 1
     * @param threadName prefix of the threads' names
     * @param maxQueued writes queued or running at most, at least {@code writers × inFlightPerWriter}
     */
    ParallelWrites(String what, int writers, int inFlightPerWriter, String threadName, int maxQueued) {
        this.what = what;
        int n = Math.max(1, writers);
        int perWriter = Math.max(1, inFlightPerWriter);
        List<ExecutorService> pools = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pools.add(Executors.newFixedThreadPool(perWriter, new DaemonThreads(threadName + i + "-")));
        }
        this.writers = List.copyOf(pools);
        this.room = new Semaphore(Math.max(n * perWriter, maxQueued));
    }

    /** How many writers there are. */
    int writers() {
        return writers.size();
    }

    /**
     * Queues {@code write} on writer {@code writer}, first waiting for room and throwing an earlier write's failure.
     *
     * @throws StoreException if interrupted while waiting for room
     */
    void submit(int writer, Write write) {
        throwIfFailed();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing " + what, e);
        }
        synchronized (lock) {
            unfinished++;
        }
        try {
            writers.get(writer).execute(() -> run(write));
        } catch (RejectedExecutionException e) {
            finished(null);
            throw new StoreException("the writes of " + what + " are closed", e);
        }
    }

    private void run(Write write) {
        Throwable failed = null;
        try {
            write.run();
        } catch (Throwable t) { // recorded and thrown to the producer, Errors included
            failed = t;
        }
        finished(failed);
    }

    /** Counts a write finished (recording its failure first), then frees its room. */
    private void finished(Throwable failed) {
        synchronized (lock) {
            if (failed != null && failure == null) {
                failure = failed;
            }
            unfinished--;
            lock.notifyAll();
        }
        room.release();
    }

    /** Throws the first failure of a finished write, if any. */
    void throwIfFailed() {
        Throwable t;
        synchronized (lock) {
            t = failure;
        }
        if (t != null) {
            rethrow(t);
        }
    }

    /** The writes submitted and not finished yet. */
    long unfinished() {
        synchronized (lock) {
            return unfinished;
        }
    }

    /** Waits until every write finished or one failed; throws the first failure. */
    void awaitAll() {
        synchronized (lock) {
            while (unfinished > 0 && failure == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while writing " + what, e);
                }
            }
        }
        throwIfFailed();
    }

    private void rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new StoreException("a write of " + what + " failed: " + t, t); // Write.run throws no checked one
    }

    @Override
    public void close() {
        for (ExecutorService w : writers) {
            w.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (ExecutorService w : writers) {
                if (!w.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("writes of {} still running after 30 s", what);
                    return;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
