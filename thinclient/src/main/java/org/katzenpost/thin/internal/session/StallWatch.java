package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.katzenpost.thin.Durations;

/**
 * Stall detection for one {@link Connection}: drops it ({@link Connection#stalled}) when the daemon reads nothing
 * of a frame being written for the stall limit (docs/reliability.md, "Bounded writes") or sends nothing for that
 * long in the middle of a frame (docs/reliability.md, "Bounded reads"). Each of the two watches is one check on the
 * shared timer, pending only while there is something to watch: the writer role is held, or frames arrive.
 */
final class StallWatch {
    private static final long MIN_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Connection connection;
    private final ScheduledExecutorService timer;
    private final long stallNanos;
    private final Check writeCheck = new Check(this::checkWriteStall);
    private final AtomicBoolean writeCheckScheduled = new AtomicBoolean();
    /** A write is inside the transport (set around every write and flush). */
    private volatile boolean writing;
    /** nanoTime of the start of the current write or of the last chunk it completed. */
    private volatile long lastProgress;
    private final Check readCheck = new Check(this::checkReadStall);
    /** Whether a read-stall check is scheduled (see {@link #frameStarted()}). */
    private final AtomicBoolean readCheckArmed = new AtomicBoolean();

    StallWatch(Connection connection, ScheduledExecutorService timer, Duration stallLimit) {
        this.connection = connection;
        this.timer = timer;
        this.stallNanos = Durations.toNanos(stallLimit);
    }

    /**
     * One check on the shared timer, cancelled by {@link #cancel()}: it runs up to the stall limit (30 s by
     * default) after it is scheduled and holds the connection, its buffers and its session until then, so a client
     * that connects and closes in a loop would otherwise keep every closed session of the last 30 s alive
     * (docs/performance.md, "Connect and close in a loop").
     */
    private final class Check {
        private final Runnable task;
        private volatile ScheduledFuture<?> pending;

        Check(Runnable task) {
            this.task = task;
        }

        /** Schedules the check in {@code delayNanos} (at least 1 ms); false if the timer refused it (closing). */
        boolean schedule(long delayNanos) {
            try {
                ScheduledFuture<?> check = timer.schedule(task, Math.max(delayNanos, MIN_DELAY_NANOS),
                        TimeUnit.NANOSECONDS);
                pending = check;
                if (connection.closed) { // close() may have looked before the field was set
                    check.cancel(false);
                }
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            }
        }

        void cancel() {
            ScheduledFuture<?> check = pending;
            if (check != null) {
                check.cancel(false); // the shared timer removes it now, and with it the last reference to us
            }
        }
    }

    /** Cancels both checks; for {@link Connection#close()}. */
    void cancel() {
        writeCheck.cancel();
        readCheck.cancel();
    }

    // ---------------------------------------------------------------- write stalls

    /** The writer role was taken: watches the writes until it is released. */
    void watchWrites() {
        scheduleWriteCheck(stallNanos);
    }

    /** A write (of a frame or a batch) goes into the transport. */
    void writeStarted() {
        lastProgress = System.nanoTime();
        writing = true;
    }

    /** A chunk of a large frame went into the transport: a write that is being read slowly is no stall. */
    void chunkWritten() {
        lastProgress = System.nanoTime();
    }

    /** The write and its flush returned. */
    void writeEnded() {
        writing = false;
    }

    private void scheduleWriteCheck(long delayNanos) {
        if (!writeCheckScheduled.get() && writeCheckScheduled.compareAndSet(false, true)) {
            if (!writeCheck.schedule(delayNanos)) {
                writeCheckScheduled.set(false); // closing
            }
        }
    }

    private void checkWriteStall() {
        writeCheckScheduled.set(false);
        if (connection.closed) {
            return;
        }
        if (writing) {
            long idle = System.nanoTime() - lastProgress;
            if (idle >= stallNanos) {
                connection.stalled("kpclientd read nothing for " + Duration.ofNanos(stallNanos)
                        + " while a frame was being written (write-stall limit); dropping the connection");
                return;
            }
            scheduleWriteCheck(stallNanos - idle);
        } else if (connection.writerActive()) {
            scheduleWriteCheck(stallNanos);
        }
    }

    // ---------------------------------------------------------------- read stalls

    /**
     * The reader started a frame: arms the read-stall check unless it is armed. A daemon that stops sending in the
     * middle of a frame for the stall limit leaves the reader waiting for the rest forever, and every call with it;
     * the connection is then declared broken like a write stall (docs/reliability.md, "Bounded reads"). The check
     * runs while frames arrive and disarms itself between them, so an idle connection keeps no timer task (the
     * shared timer's thread then ends, docs/performance.md, "Connect and CPU per call"); one volatile read per frame
     * otherwise.
     */
    void frameStarted() {
        if (!readCheckArmed.get() && readCheckArmed.compareAndSet(false, true)) {
            readCheck.schedule(stallNanos); // refused only when closing: then nothing is left to watch
        }
    }

    private void checkReadStall() {
        if (connection.closed) {
            return;
        }
        // disarmed first: a frame that starts from here on arms it again; one in progress is seen below
        readCheckArmed.set(false);
        long since = connection.frames.progressAt();
        if (since == Long.MAX_VALUE) {
            return; // between frames: waiting for a frame is no stall
        }
        long idle = System.nanoTime() - since;
        if (idle >= stallNanos) {
            connection.stalled("kpclientd sent nothing for " + Duration.ofNanos(stallNanos)
                    + " in the middle of a frame (stall limit); dropping the connection");
            return;
        }
        if (readCheckArmed.compareAndSet(false, true)) {
            readCheck.schedule(stallNanos - idle);
        }
    }
}
