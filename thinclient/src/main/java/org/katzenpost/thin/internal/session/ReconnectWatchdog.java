package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.katzenpost.thin.ProtocolViolationException;
import org.katzenpost.thin.ReconnectDelay;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.event.ReconnectingEvent;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.SharedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconnects after the connection is lost, on a thread of its own while it runs, waiting the configured
 * {@link ReconnectDelay} before each attempt and publishing {@link ReconnectingEvent} and
 * {@link ReconnectedEvent}. It also keeps count of the connections that ended because the daemon broke the
 * protocol: while they repeat, each cycle's attempt count goes on from where the previous one ended, so a daemon
 * that sends the same unreadable frame on every connection is retried less and less often instead of about once a
 * second (docs/reliability.md, "Repeated protocol failures").
 */
final class ReconnectWatchdog {
    private static final Logger log = LoggerFactory.getLogger(ReconnectWatchdog.class);

    /** One reconnect attempt: connect, handshake and attach, under the session's connect lock. */
    interface Attempt {
        /**
         * @return the outcome, or null when the client closed meanwhile
         * @throws ThinClientException when the daemon cannot be reached or the handshake fails
         */
        Outcome run();
    }

    /** A successful attempt: what the handshake found and how many requests were written again. */
    record Outcome(boolean resumed, boolean daemonRestarted, int reissued) {}

    private final ReconnectDelay delay;
    private final String threadName;
    private final EventBus bus;
    private final BooleanSupplier closed;
    private final Attempt attempt;

    /** The reconnect thread while one runs. */
    private final AtomicReference<Thread> thread = new AtomicReference<>();
    /** The last protocol failure that ended a connection or a reconnect attempt, and its nanoTime. */
    private volatile Throwable lastProtocolFailure;
    private volatile long lastProtocolFailureAt;
    /** Connections in a row that ended with a protocol failure (reset by any other ending or a stable connection). */
    private volatile int protocolFailuresInARow;
    /** Attempts the cycles have made since the protocol failures began, carried while they repeat. */
    private volatile int carriedAttempts;
    /** Whether the broken-schedule warning was logged: once per client, not once per attempt. */
    private volatile boolean warnedOfBrokenSchedule;

    ReconnectWatchdog(ReconnectDelay delay, String threadName, EventBus bus, BooleanSupplier closed, Attempt attempt) {
        this.delay = delay;
        this.threadName = threadName;
        this.bus = bus;
        this.closed = closed;
        this.attempt = attempt;
    }

    /**
     * Notes how a connection ended.
     *
     * @return the connections in a row that ended with a protocol failure, this one included (0 if it did not)
     */
    int connectionEnded(Connection c) {
        Throwable protocol = c.protocolFailure;
        int inARow;
        if (protocol != null) {
            protocolFailed(protocol);
            boolean wasStable = System.nanoTime() - c.attachedAt >= maxDelayNanos();
            inARow = wasStable ? 1 : protocolFailuresInARow + 1;
        } else {
            inARow = 0;
        }
        protocolFailuresInARow = inARow;
        return inARow;
    }

    private void protocolFailed(Throwable failure) {
        lastProtocolFailure = failure;
        lastProtocolFailureAt = System.nanoTime();
    }

    /** The last protocol failure if it happened after {@code nanoTime}, else null: the likely cause of a timeout. */
    Throwable protocolFailureSince(long nanoTime) {
        Throwable failure = lastProtocolFailure;
        return failure != null && lastProtocolFailureAt - nanoTime > 0 ? failure : null;
    }

    /** Starts reconnecting. */
    void start(String reason) {
        Thread t = SharedThreads.daemonThread(threadName, () -> reconnectLoop(reason));
        thread.set(t);
        t.start();
    }

    /** Interrupts the reconnect thread, if one runs, and returns it for joining; for close(). */
    Thread stop() {
        Thread t = thread.get();
        if (t != null) {
            t.interrupt();
        }
        return t;
    }

    private void reconnectLoop(String lastError) {
        boolean repeating = protocolFailuresInARow > 1;
        int carried = repeating ? carriedAttempts : 0;
        int n = 0;
        while (!closed.getAsBoolean()) {
            n++;
            long wait = delayNanos(carried + n);
            bus.publish(new ReconnectingEvent(n, Duration.ofNanos(wait), lastError));
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return; // close() interrupts us
            }
            if (closed.getAsBoolean()) {
                return;
            }
            // Before the attempt: the connection it makes may be lost, and the next cycle start, before run() returns.
            carriedAttempts = carried + n;
            try {
                Outcome done = attempt.run();
                if (done == null) {
                    return; // closed
                }
                // the new connection may already be lost and a new thread started: leave that one in place
                thread.compareAndSet(Thread.currentThread(), null);
                if (repeating) {
                    log.debug("reconnected to kpclientd after {} attempt(s); resumed={}, daemon restarted={}, "
                            + "re-sent {} request(s)", n, done.resumed(), done.daemonRestarted(), done.reissued());
                } else {
                    log.info("reconnected to kpclientd after {} attempt(s); resumed={}, daemon restarted={}, "
                            + "re-sent {} request(s)", n, done.resumed(), done.daemonRestarted(), done.reissued());
                }
                bus.publish(new ReconnectedEvent(done.resumed(), done.daemonRestarted(), done.reissued()));
                return;
            } catch (ThinClientException e) {
                // refused, reset, or the daemon answered but the handshake failed: back off either way
                lastError = e.getMessage();
                if (e instanceof ProtocolViolationException) {
                    protocolFailed(e);
                }
                log.debug("reconnect attempt {} failed: {}", n, lastError);
            } catch (RuntimeException e) {
                // a defect, not the daemon: this thread must not die of it, or the client waits in
                // RECONNECTING for good; back off and try again
                lastError = e.getClass().getSimpleName();
                log.warn("reconnect attempt {} failed unexpectedly ({}); trying again", n, lastError);
                log.debug("reconnect attempt {} failed", n, e);
            }
        }
    }

    /**
     * The application's delay before attempt {@code n}, or the default schedule's when the application's
     * {@link ReconnectDelay} throws or returns null or a negative delay: a broken schedule must neither end the
     * reconnect thread (the client would wait in RECONNECTING for good) nor make it reconnect in a tight loop.
     */
    private long delayNanos(int n) {
        Duration d = null;
        try {
            d = delay.delay(n);
        } catch (RuntimeException e) {
            log.debug("ReconnectDelay.delay({}) threw", n, e);
        }
        if (d == null || d.isNegative()) {
            brokenSchedule("delay(" + n + ")");
            d = ThinClientConfig.DEFAULT_RECONNECT_DELAY.delay(n);
        }
        return Durations.toNanos(d);
    }

    /** {@link ReconnectDelay#max()}, or the default schedule's when the application's is broken. */
    private long maxDelayNanos() {
        Duration d = null;
        try {
            d = delay.max();
        } catch (RuntimeException e) {
            log.debug("ReconnectDelay.max() threw", e);
        }
        if (d == null || d.isNegative()) {
            brokenSchedule("max()");
            d = ThinClientConfig.DEFAULT_RECONNECT_DELAY.max();
        }
        return Durations.toNanos(d);
    }

    private void brokenSchedule(String call) {
        if (!warnedOfBrokenSchedule) {
            warnedOfBrokenSchedule = true;
            log.warn("the configured ReconnectDelay's {} threw or returned null or a negative delay; using the"
                    + " default schedule where it does", call);
        }
    }
}
