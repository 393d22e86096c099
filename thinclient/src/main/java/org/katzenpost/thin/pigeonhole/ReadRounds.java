package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.SharedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link PigeonholeClient#readBox} (docs/pigeonhole.md#the-storage-api): {@code encrypt_read} the box, let the
 * daemon resend it for one round, and when the round ends without the box, encrypt it again and start another
 * round, until the box is read or the deadline passes. The daemon polls with one envelope and a courier may keep
 * answering that envelope's first "not found" after the box is written (docs/protocol.md#pigeonhole-arq): a fresh
 * envelope every round bounds how late a box written during the wait is seen. Ending a round's resend at its
 * deadline makes {@link PigeonholeCalls} send the daemon the cancel, so one read is resent at a time.
 *
 * <p>A daemon that gives up with "box not found" anyway, or whose envelope went stale (thin code 32, the courier's
 * epoch window), is asked again with a fresh envelope after {@link #PAUSE}. The pauses wait on the shared timer,
 * so no thread is held while a read waits.
 */
final class ReadRounds {
    private static final Logger log = LoggerFactory.getLogger(ReadRounds.class);
    /** How long to wait before asking again after a "box not found" or a stale envelope. */
    static final Duration PAUSE = Duration.ofMillis(500);

    /**
     * A box read: the daemon's result, and the index after the box (from the envelope that read it, so a reader
     * going on to the next box needs no {@code next_message_box_index}).
     */
    record BoxRead(ResendResult result, MessageBoxIndex nextIndex) {}

    private final PigeonholeCalls calls;
    private final ReadCap readCap;
    private final MessageBoxIndex index;
    private final Duration timeout;
    private final long deadline;
    private final long roundNanos;
    private final CompletableFuture<BoxRead> out = new CompletableFuture<>();
    /** The request or pause under way, cancelled when {@link #out} ends first (cancelled by the caller). */
    private final AtomicReference<Future<?>> inFlight = new AtomicReference<>();

    private ReadRounds(PigeonholeCalls calls, ReadCap readCap, MessageBoxIndex index, Duration timeout,
            Duration round) {
        this.calls = calls;
        this.readCap = readCap;
        this.index = index;
        this.timeout = timeout;
        this.deadline = Durations.deadline(timeout);
        this.roundNanos = Durations.toNanos(round);
    }

    /**
     * Reads the box at {@code index}, waiting for it to be written until {@code timeout} has passed.
     *
     * @param round the longest one envelope is resent; the last round ends at the deadline
     * @return a future of the box read; it fails with {@link ReplicaErrorException} ({@link
     *     ReplicaErrorCode#TOMBSTONE}) for a tombstoned box, with {@link RequestTimeoutException} at the deadline,
     *     and with the failure of a call otherwise. Cancelling it cancels the resend at the daemon.
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code timeout} or {@code round} is not positive
     */
    static CompletableFuture<BoxRead> read(PigeonholeCalls calls, ReadCap readCap, MessageBoxIndex index,
            Duration timeout, Duration round) {
        Objects.requireNonNull(readCap, "readCap");
        Objects.requireNonNull(index, "index");
        Durations.requirePositive(timeout, "timeout");
        Durations.requirePositive(round, "round");
        ReadRounds r = new ReadRounds(calls, readCap, index, timeout, round);
        r.out.whenComplete((v, t) -> {
            Future<?> f = r.inFlight.get();
            if (f != null && !f.isDone()) {
                f.cancel(false);
            }
        });
        r.encrypt();
        return r.out;
    }

    /**
     * {@link #read}, keeping the daemon's result only. Cancelling the returned future cancels the read: a dependent
     * stage's cancel does not reach its source by itself.
     */
    static CompletableFuture<ResendResult> readResult(PigeonholeCalls calls, ReadCap readCap, MessageBoxIndex index,
            Duration timeout, Duration round) {
        CompletableFuture<BoxRead> read = read(calls, readCap, index, timeout, round);
        CompletableFuture<ResendResult> result = read.thenApply(BoxRead::result);
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) {
                read.cancel(false);
            }
        });
        return result;
    }

    private void encrypt() {
        Duration left = left();
        if (left == null) {
            return;
        }
        CompletableFuture<EncryptedMessage> enc;
        try {
            enc = calls.encryptRead(readCap, index, left);
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
        }
        if (track(enc)) {
            enc.whenComplete((m, t) -> {
                if (t != null) {
                    out.completeExceptionally(PigeonholeErrors.unwrap(t));
                } else {
                    resend(m);
                }
            });
        }
    }

    private void resend(EncryptedMessage query) {
        long now = System.nanoTime();
        boolean lastRound = deadline - now <= roundNanos;
        long roundEnd = lastRound ? deadline : now + roundNanos;
        if (roundEnd - now <= 0) {
            timedOut(null);
            return;
        }
        CompletableFuture<ResendResult> send;
        try {
            send = calls.startResendingEncryptedMessage(query, ResendOptions.DEFAULT, Duration.ofNanos(roundEnd - now));
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
        }
        if (!track(send)) {
            return;
        }
        send.whenComplete((r, t) -> {
            if (t == null) {
                out.complete(new BoxRead(r, query.nextIndex()));
                return;
            }
            Throwable cause = PigeonholeErrors.unwrap(t);
            if (cause instanceof RequestTimeoutException) {
                if (lastRound) {
                    timedOut(cause);
                } else {
                    log.debug("box read round ended without the box; reading again with a fresh envelope");
                    encrypt();
                }
            } else if (PigeonholeErrors.replicaCode(cause) == ReplicaErrorCode.BOX_ID_NOT_FOUND) {
                log.debug("the daemon gave up on a box not yet written; reading again after a pause");
                pauseThenEncrypt();
            } else if (PigeonholeErrors.isThinCode(cause, ThinErrorCode.COURIER_INVALID_EPOCH)) {
                // Encrypted for replicas of an epoch the courier no longer accepts; the pause gives the daemon's
                // PKI document time to move on before the query is encrypted again.
                log.debug("box read query went stale (courier epoch window); encrypting it again after a pause");
                pauseThenEncrypt();
            } else {
                out.completeExceptionally(cause);
            }
        });
    }

    private void pauseThenEncrypt() {
        long n = Math.min(PAUSE.toNanos(), deadline - System.nanoTime());
        if (n <= 0) {
            timedOut(null);
            return;
        }
        // The timer runs quick tasks only: the next round starts on a worker.
        Future<?> pause;
        try {
            pause = SharedThreads.timer().schedule(() -> SharedThreads.workers().execute(this::encrypt), n,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(e);
            return;
        }
        track(pause);
    }

    /** Records {@code f} as the step under way; false (and {@code f} cancelled) if the read has already ended. */
    private boolean track(Future<?> f) {
        inFlight.set(f);
        if (out.isDone()) {
            f.cancel(false);
            return false;
        }
        return true;
    }

    /** What is left until the deadline, or null after failing the read when nothing is. */
    private Duration left() {
        long n = deadline - System.nanoTime();
        if (n <= 0) {
            timedOut(null);
            return null;
        }
        return Duration.ofNanos(n);
    }

    private void timedOut(Throwable cause) {
        out.completeExceptionally(new RequestTimeoutException("the box was not read within " + timeout
                + "; a view with a longer deadline (withTimeout) waits longer for the writer", cause));
    }
}
