package org.katzenpost.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon writes of one transfer, run over its writer clients with a bounded number in flight: kpclientd
 * encrypts the requests of one connection one after the other, so writes spread over several connections keep
 * several of its cores busy, and their mixnet round trips overlap (docs/performance.md#file-transfer).
 *
 * <p>{@link #submit} blocks while {@code maxQueued} writes are queued or running, so a producer reading a large
 * source holds at most that many boxes in memory. The first failure is thrown by the next {@link #submit},
 * {@link #throwIfFailed} or {@link #awaitAll}, as the write threw it (an {@link Error} too, so a simulated crash
 * stays one). {@link #close} stops the writes still queued and waits up to 30 s for the running ones.
 */
final class ParallelWrites implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParallelWrites.class);

    /** One write, run on a pool thread. */
    interface Write {
        void run();
    }

    private final String what;
    private final ExecutorService pool;
    private final Semaphore room;
    private final List<Future<?>> writes = new ArrayList<>();

    /**
     * @param what what is written, for error messages (for example "a copy transfer")
     * @param threads writes at once, at least 1
     * @param threadName prefix of the pool threads' names
     * @param maxQueued writes queued or running at most, at least {@code threads}
     */
    ParallelWrites(String what, int threads, String threadName, int maxQueued) {
        this.what = what;
        int n = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(n, new DaemonThreads(threadName));
        this.room = new Semaphore(Math.max(n, maxQueued));
    }

    /**
     * Queues {@code write}, first waiting for room and throwing an earlier write's failure.
     *
     * @throws StoreException if interrupted while waiting for room
     */
    void submit(Write write) {
        throwIfFailed();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing " + what, e);
        }
        try {
            writes.add(pool.submit(() -> {
                try {
                    write.run();
                } finally {
                    room.release();
                }
                return null;
            }));
        } catch (RuntimeException e) {
            room.release();
            throw e;
        }
    }

    /** Throws the failure of a write that has finished, if any. */
    void throwIfFailed() {
        writes.removeIf(f -> f.isDone() && await(f));
    }

    /** The writes not finished yet. */
    long unfinished() {
        return writes.stream().filter(f -> !f.isDone()).count();
    }

    /** Waits for every write, throwing the first failure. */
    void awaitAll() {
        for (Future<?> f : writes) {
            await(f);
        }
        writes.clear();
    }

    /** Returns true once {@code f} succeeded; throws its failure. */
    private boolean await(Future<?> f) {
        try {
            f.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing " + what, e);
        } catch (CancellationException e) {
            throw new StoreException("a write of " + what + " was cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new StoreException("a write of " + what + " failed: " + c, c);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("writes of {} still running after 30 s", what);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
