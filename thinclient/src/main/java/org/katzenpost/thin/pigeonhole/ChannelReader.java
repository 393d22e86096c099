package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.internal.Durations;
import org.katzenpost.thin.internal.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the messages a {@link ChannelWriter} wrote, in order. The reader keeps the position itself: each
 * {@link #receive(Duration)} returns the next message and advances past it.
 *
 * <pre>{@code
 * ChannelReader reader = ph.channelReader(ChannelState.fromBase64(fromAlice));
 * byte[] message = reader.receive(Duration.ofMinutes(2));   // waits until Alice has written it
 * save(reader.state().toBase64());                          // resume later from here
 * }</pre>
 *
 * <p>A box that is not written yet, or not yet replicated to the replicas the courier asks, is waited for: the
 * daemon keeps asking until it appears, up to the deadline, and the reader makes a fresh read envelope every
 * {@link #READ_ROUND}. At the deadline {@code receive} throws {@link RequestTimeoutException} and the position
 * does not move, so the next call waits for the same message
 * (boxes of a long message read so far are kept, and not read again). Tombstoned boxes between messages (a
 * message the writer deleted) are skipped. A box that does not hold a well-formed message fails with
 * {@link ChannelFormatException} and is skipped. Thread-safe; receives are serialised.
 */
public final class ChannelReader {
    private static final Logger log = LoggerFactory.getLogger(ChannelReader.class);
    private static final long NOT_FOUND_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /**
     * The longest one read envelope is polled. The daemon resends a read with the same envelope, and a courier may
     * keep answering that envelope's first "not found" after the box is written (docs/protocol.md#pigeonhole-arq),
     * so a {@link #receive(Duration)} that waits longer reads again, with a fresh {@code encrypt_read}, each round.
     * Each fresh envelope costs the daemon an MKEM encryption (seconds of CPU on a small machine): rounds are
     * minutes, not seconds.
     */
    public static final Duration READ_ROUND = Duration.ofMinutes(2);

    private final PigeonholeClient ph;
    private final ReadCap readCap;
    private final WriteCap writeCap;
    private final int maxMessageLength;
    private final long readRoundNanos;
    private MessageBoxIndex next;

    // A long message being read: what has arrived so far, and the box to read next.
    private byte[] partial;
    private int partialFilled;
    private MessageBoxIndex partialNext;

    ChannelReader(PigeonholeClient ph, ChannelState state) {
        this(ph, state, ChannelWriter.MAX_MESSAGE_LENGTH, READ_ROUND);
    }

    ChannelReader(PigeonholeClient ph, ChannelState state, int maxMessageLength, Duration readRound) {
        this.ph = Objects.requireNonNull(ph, "pigeonhole client");
        this.readRoundNanos = readRound.toNanos();
        Objects.requireNonNull(state, "state");
        this.readCap = state.readCap().orElseThrow(() ->
                new IllegalArgumentException("a channel reader needs a state with a read cap"));
        this.writeCap = state.writeCap().orElse(null);
        this.next = state.nextIndex();
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Where the reader stands, to save and resume from with {@link PigeonholeClient#channelReader}. A long message
     * read part way is not part of it: resuming reads that message from its first box again.
     *
     * @return the caps and the index of the next message's first box; secret, like every {@link ChannelState}
     */
    public synchronized ChannelState state() {
        return ChannelState.of(writeCap, readCap, next);
    }

    /**
     * {@link #receive(Duration)} waiting at most the deadline of the view this reader came from
     * ({@link PigeonholeClient#timeout()}).
     *
     * @return the next message, possibly empty
     * @throws RequestTimeoutException if it has not arrived by the deadline; the position does not move
     * @throws ChannelFormatException if the next box is not a well-formed message; it is skipped
     */
    public byte[] receive() {
        return receive(ph.timeout());
    }

    /**
     * The next message, waiting for it until {@code timeout} has passed. The wait is the point of the call (how
     * long the writer may take), so it is a parameter here rather than the view's deadline. Other failures are the
     * {@link ThinClientException}s of the underlying calls.
     *
     * @param timeout how long to wait for the message in all, positive
     * @return the next message, possibly empty; the position moves past it
     * @throws RequestTimeoutException if it has not arrived by the deadline; the position does not move
     * @throws ChannelFormatException if the next box is not a well-formed message; it is skipped
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public synchronized byte[] receive(Duration timeout) {
        long deadline = System.nanoTime() + Durations.requirePositive(timeout, "timeout").toNanos();
        while (partial == null) {
            Box first = readBox(next, deadline, timeout);
            if (first.plaintext == null) {
                log.debug("skipped a tombstoned box between channel messages");
                next = first.next;
                continue;
            }
            long length;
            try {
                length = ChannelFrames.messageLength(first.plaintext);
            } catch (ChannelFormatException e) {
                next = first.next;
                throw e;
            }
            if (length > maxMessageLength) {
                next = first.next;
                throw new ChannelFormatException("a channel message announces " + length + " bytes, over this reader's "
                        + maxMessageLength + "-byte limit; skipped its first box");
            }
            int body = first.plaintext.length - ChannelFrames.HEADER_LENGTH;
            if (body > length) {
                next = first.next;
                throw new ChannelFormatException("a channel box holds " + body + " message bytes but its header "
                        + "announces " + length + "; skipped it");
            }
            byte[] message = new byte[(int) length];
            System.arraycopy(first.plaintext, ChannelFrames.HEADER_LENGTH, message, 0, body);
            if (body == length) {
                next = first.next;
                return message;
            }
            partial = message;
            partialFilled = body;
            partialNext = first.next;
        }
        while (partialFilled < partial.length) {
            Box b = readBox(partialNext, deadline, timeout);
            if (b.plaintext == null || partialFilled + b.plaintext.length > partial.length) {
                String why = b.plaintext == null ? "a tombstone" : "more bytes than its header announced";
                next = b.next;
                clearPartial();
                throw new ChannelFormatException("a channel message spanning several boxes holds " + why
                        + "; skipped it");
            }
            System.arraycopy(b.plaintext, 0, partial, partialFilled, b.plaintext.length);
            partialFilled += b.plaintext.length;
            partialNext = b.next;
        }
        byte[] message = partial;
        next = partialNext;
        clearPartial();
        return message;
    }

    private void clearPartial() {
        partial = null;
        partialFilled = 0;
        partialNext = null;
    }

    /** A box's plaintext (null for a tombstone) and the index after it. */
    private record Box(byte[] plaintext, MessageBoxIndex next) {}

    private Box readBox(MessageBoxIndex index, long deadline, Duration timeout) {
        while (true) {
            EncryptedMessage query = Futures.await(ph.calls().encryptRead(readCap, index, left(deadline, timeout)));
            // One round of at most READ_ROUND with this envelope; the last round ends at the caller's deadline.
            long now = System.nanoTime();
            boolean lastRound = deadline - now <= readRoundNanos;
            long roundEnd = lastRound ? deadline : now + readRoundNanos;
            try {
                ResendResult r = Futures.await(ph.calls().startResendingEncryptedMessage(query, ResendOptions.DEFAULT,
                        left(roundEnd, timeout)));
                return new Box(r.rawPlaintext(), query.nextIndex());
            } catch (ReplicaErrorException e) {
                if (e.code() == ReplicaErrorCode.TOMBSTONE) {
                    return new Box(null, query.nextIndex());
                }
                if (e.code() != ReplicaErrorCode.BOX_ID_NOT_FOUND) {
                    throw e;
                }
                // Daemons retry this themselves; one that gave up early is asked again after a pause.
                pause(deadline, timeout);
            } catch (RequestTimeoutException e) {
                if (lastRound) {
                    throw new RequestTimeoutException("no channel message arrived within " + timeout, e);
                }
                // The round is over (the daemon was told to stop resending): read again with a fresh envelope.
                log.debug("channel read round ended without the box; reading again with a fresh envelope");
            } catch (ThinClientException e) {
                if (!PigeonholeErrors.isThinCode(e, ThinErrorCode.COURIER_INVALID_EPOCH)) {
                    throw e;
                }
                // The query was encrypted for replicas of an epoch the courier no longer accepts: encrypt again,
                // after a pause in case the daemon's PKI document has not moved on yet.
                log.debug("channel read query went stale (courier epoch window); encrypting it again");
                pause(deadline, timeout);
            }
        }
    }

    private static void pause(long deadline, Duration timeout) {
        long n = Math.min(NOT_FOUND_BACKOFF_NANOS, deadline - System.nanoTime());
        if (n <= 0) {
            throw new RequestTimeoutException("no channel message arrived within " + timeout);
        }
        try {
            TimeUnit.NANOSECONDS.sleep(n);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("interrupted while waiting for a channel message", ie);
        }
    }

    private static Duration left(long deadline, Duration timeout) {
        long n = deadline - System.nanoTime();
        if (n <= 0) {
            throw new RequestTimeoutException("no channel message arrived within " + timeout);
        }
        return Duration.ofNanos(n);
    }

    @Override
    public String toString() {
        return "ChannelReader(" + readCap + ")";
    }
}
