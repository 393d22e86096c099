package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.Objects;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.Durations;
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
 * <p>A box that is not written yet, or not yet replicated to the replicas the courier asks, is waited for with
 * {@link PigeonholeClient#readBox}: the daemon keeps asking until it appears, up to the deadline, with a fresh read
 * envelope every {@link PigeonholeClient#READ_ROUND}. At the deadline {@code receive} throws {@link RequestTimeoutException} and the position
 * does not move, so the next call waits for the same message
 * (boxes of a long message read so far are kept, and not read again). Tombstoned boxes between messages (a
 * message the writer deleted) are skipped. A box that does not hold a well-formed message fails with
 * {@link ChannelFormatException} and is skipped. Thread-safe; receives are serialised.
 */
public final class ChannelReader {
    private static final Logger log = LoggerFactory.getLogger(ChannelReader.class);

    private final PigeonholeClient ph;
    private final ReadCap readCap;
    private final WriteCap writeCap;
    private MessageBoxIndex next;

    // A long message being read: what has arrived so far, and the box to read next.
    private byte[] partial;
    private int partialFilled;
    private MessageBoxIndex partialNext;

    ChannelReader(PigeonholeClient ph, ChannelState state) {
        this.ph = Objects.requireNonNull(ph, "pigeonhole client");
        Objects.requireNonNull(state, "state");
        this.readCap = state.readCap().orElseThrow(() ->
                new IllegalArgumentException("a channel reader needs a state with a read cap"));
        this.writeCap = state.writeCap().orElse(null);
        this.next = state.nextIndex();
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
        long deadline = Durations.deadline(Durations.requirePositive(timeout, "timeout"));
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
            if (length > ChannelWriter.MAX_MESSAGE_LENGTH) {
                next = first.next;
                throw new ChannelFormatException("a channel message announces " + length + " bytes, over the "
                        + ChannelWriter.MAX_MESSAGE_LENGTH + "-byte limit; skipped its first box");
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
        try {
            ReadRounds.BoxRead r = Futures.await(ph.readBoxAt(readCap, index, left(deadline, timeout)));
            return new Box(r.result().rawPlaintext(), r.nextIndex());
        } catch (ReplicaErrorException e) {
            if (e.code() != ReplicaErrorCode.TOMBSTONE) {
                throw e;
            }
            return new Box(null, Futures.await(ph.calls().nextMessageBoxIndex(index, left(deadline, timeout))));
        } catch (RequestTimeoutException e) {
            throw new RequestTimeoutException("no channel message arrived within " + timeout, e);
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
