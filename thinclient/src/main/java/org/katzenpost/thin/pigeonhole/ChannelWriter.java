package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.pigeonhole.CopyChunks.Piece;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.ThinClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes messages, in order, to a Pigeonhole stream, for a {@link ChannelReader} to read. The writer keeps the
 * position itself: each {@link #send(byte[])} writes the next message after the previous one and advances.
 *
 * <pre>{@code
 * ChannelState state = ph.sync().createChannel();          // new stream; keep state secret
 * ChannelWriter writer = ph.channelWriter(state);
 * String forBob = state.forReaderOnly().toBase64();         // what Bob needs to read
 * writer.send("hello".getBytes(UTF_8));
 * save(writer.state().toBase64());                          // resume later with ChannelState.fromBase64
 * }</pre>
 *
 * <p><b>Sizes.</b> A message whose frame (the message plus a 5-byte header) fits in one box
 * ({@link PigeonholeClient#maxPlaintextPayloadLength()}) is one box write. A longer one, up to
 * {@link #MAX_MESSAGE_LENGTH}, goes through a copy stream: it is encoded a few boxes per daemon call, written to
 * a temporary stream, and one copy command makes a courier write all its boxes of the channel at once, or none.
 *
 * <p><b>Failures.</b> When {@code send} throws, the position does not move. If the failure came after the
 * message was handed to the mixnet (a timeout, a lost connection, a courier error), the message may or may not
 * have been written; the writer keeps it as pending. Calling {@code send} again with the same bytes retries it
 * safely (box writes and copies are idempotent); calling it with another message first finishes the pending
 * one, then sends the new one. So no box is ever left holding something the position skipped over, and no
 * message after a failed one is silently lost. {@link #hasPendingMessage()} tells whether one is pending; the
 * pending message is not part of {@link #state()}.
 *
 * <p>The framing is this library's own, so a channel written here is read with a {@link ChannelReader}. One
 * writer per stream: two writers at the same position would overwrite nothing (boxes are write-once) but one of
 * them would believe a message was sent that is not there. Thread-safe; sends are serialised.
 */
public final class ChannelWriter {
    private static final Logger log = LoggerFactory.getLogger(ChannelWriter.class);

    /** The largest message {@link #send} accepts, in bytes: {@value} (64 MiB). */
    public static final int MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;
    /** How many temporary-stream writes of one large message are in flight at once (the daemon queues 16). */
    static final int COPY_WINDOW = 8;
    /**
     * How many boxes one copy-stream call of a large message encodes, each call with its own deadline: the store's
     * default chunk ({@code PersistentChannels.DEFAULT_COPY_CHUNK_BOXES}), a few seconds of the daemon's CPU per
     * box on a small machine (docs/performance.md#file-transfer).
     */
    static final int COPY_CHUNK_BOXES = 4;

    private final PigeonholeClient ph;
    private final WriteCap writeCap;
    private final ReadCap readCap;
    private MessageBoxIndex next;
    private byte[] pending;

    ChannelWriter(PigeonholeClient ph, ChannelState state) {
        this.ph = Objects.requireNonNull(ph, "pigeonhole client");
        Objects.requireNonNull(state, "state");
        this.writeCap = state.writeCap().orElseThrow(() ->
                new IllegalArgumentException("a channel writer needs a state with a write cap"));
        this.readCap = state.readCap().orElse(null);
        this.next = state.nextIndex();
    }

    /**
     * Where the writer stands, to save and resume from with {@link PigeonholeClient#channelWriter}. A pending message
     * is not part of it.
     *
     * @return the caps and the index of the next box this writer will write; secret, like every {@link ChannelState}
     */
    public synchronized ChannelState state() {
        return ChannelState.of(writeCap, readCap, next);
    }

    /**
     * Whether a failed send left a message whose outcome is unknown; the next send finishes it first.
     *
     * @return true while such a message is pending
     */
    public synchronized boolean hasPendingMessage() {
        return pending != null;
    }

    /**
     * The largest message that goes in a single box; larger ones go through a copy stream.
     *
     * @return bytes: the geometry's plaintext payload length minus the 5-byte frame header
     */
    public int maxSingleBoxMessageLength() {
        return Math.max(0, ph.maxPlaintextPayloadLength() - ChannelFrames.HEADER_LENGTH);
    }

    /**
     * Writes {@code message} as the next message of the channel, and returns once the daemon confirmed the write,
     * advancing the position. If a previous message is pending (see the class description) and differs from this one,
     * it is written first. For a message in one box, the deadline of the view this writer came from
     * ({@link PigeonholeClient#timeout()}, chosen with {@link PigeonholeClient#withTimeout}) covers the whole call.
     * A longer message makes many daemon calls (one per few boxes encoded, one per copy-stream element written,
     * then the copy command), each waiting at most that deadline, the copy command that deadline plus 30 s per
     * element (the courier writes every box before it answers): the send takes as long as the message needs, and
     * a daemon that stops answering fails it within one such wait. Other failures are the
     * {@link ThinClientException}s of the underlying calls; after any of them the position has not moved.
     *
     * @param message at most {@value #MAX_MESSAGE_LENGTH} bytes; may be empty; not kept after the call returns
     * @throws PayloadTooLargeException if the message is over {@value #MAX_MESSAGE_LENGTH} bytes
     * @throws RequestTimeoutException if the write, or one daemon call of a large message, is not confirmed by the
     *     deadline; the message stays pending
     * @throws NullPointerException if {@code message} is null
     */
    public synchronized void send(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (message.length > MAX_MESSAGE_LENGTH) {
            throw new PayloadTooLargeException("message of " + message.length + " bytes exceeds the channel's "
                    + MAX_MESSAGE_LENGTH + "-byte limit");
        }
        Duration timeout = ph.timeout();
        long deadline = Durations.deadline(timeout);
        byte[] frame = ChannelFrames.frame(message);
        if (pending != null && !Arrays.equals(pending, frame)) {
            log.debug("finishing a pending channel message before the next one");
            if (deliver(pending, deadline, timeout, true)) {
                deadline = Durations.deadline(timeout); // a copy may take many deadlines: the next box gets its own
            }
            pending = null;
        }
        deliver(frame, deadline, timeout, pending != null);
        pending = null;
    }

    /**
     * Writes one frame at {@link #next}; on success advances {@link #next}; sets {@link #pending} when in doubt.
     * Returns whether it went through a copy stream.
     */
    private boolean deliver(byte[] frame, long deadline, Duration timeout, boolean retry) {
        int max = ph.maxPlaintextPayloadLength();
        if (max <= 0) {
            throw new ThinClientException("the daemon's Pigeonhole geometry is not known yet; start the client first");
        }
        if (frame.length <= max) {
            EncryptedMessage m = Futures.await(ph.calls().encryptWrite(frame, writeCap, next, left(deadline, timeout)));
            pending = frame; // from here on the box may be written
            Futures.await(ph.calls().startResendingEncryptedMessage(m, ResendOptions.DEFAULT, left(deadline, timeout)));
            next = m.nextIndex();
            return false;
        }
        deliverByCopy(frame, timeout, retry);
        return true;
    }

    /**
     * The pieces of a frame, one daemon call each: {@link #COPY_CHUNK_BOXES} boxes, cut from the start of each
     * 10 MiB segment as the one call per segment before chunking cut them, so the channel's boxes are the same.
     */
    static List<Piece> copyPieces(int frameLength, int maxPlaintextPayloadLength) {
        return CopyChunks.of(maxPlaintextPayloadLength, COPY_CHUNK_BOXES).segmentPieces(frameLength);
    }

    /**
     * Writes a frame longer than a box through a copy stream. Every daemon call here has its own deadline,
     * {@code timeout}: the daemon encrypts each box (seconds of its CPU each on a small machine,
     * docs/performance.md#file-transfer), so one deadline for the whole message would fail any message big enough.
     */
    private void deliverByCopy(byte[] frame, Duration timeout, boolean retry) {
        // 1. The copy-stream elements that write the frame into the channel from `next` on, a few boxes per call.
        List<byte[]> elements = new ArrayList<>();
        MessageBoxIndex dest = next;
        List<Piece> chunks = copyPieces(frame.length, ph.maxPlaintextPayloadLength());
        if (chunks.size() == 1) {
            CourierEnvelopes ce = Futures.await(ph.calls().createCourierEnvelopesFromPayload(frame, writeCap, dest,
                    true, true, timeout));
            elements.addAll(ce.rawEnvelopes());
            dest = ce.nextDestIndex();
        } else {
            // the encoder's residue goes from one chunk to the next, so the elements are as one call's would be
            CopyStreamBuffer buffer = CopyStreamBuffer.EMPTY;
            for (int i = 0; i < chunks.size(); i++) {
                Piece c = chunks.get(i);
                CopyDestination d = new CopyDestination(Arrays.copyOfRange(frame, (int) c.offset(), (int) c.end()),
                        writeCap, dest);
                CourierEnvelopes ce = Futures.await(ph.calls().createCourierEnvelopesFromPayloads(List.of(d), i == 0,
                        i == chunks.size() - 1, buffer, timeout));
                elements.addAll(ce.rawEnvelopes());
                dest = ce.nextDestIndex();
                buffer = ce.buffer();
            }
        }
        // 2. Write them to a fresh temporary stream; nothing reaches the channel yet.
        Keypair temp = Futures.await(ph.calls().newKeypair(PigeonholeClient.randomSeed(), timeout));
        writeTemporaryStream(temp, elements, timeout);
        // 3. One copy command writes every box of the message into the channel, or none.
        pending = frame;
        try {
            // the courier writes every box before it answers: the call deadline plus a share per element
            Futures.await(ph.calls().startResendingCopyCommand(temp.writeCap(), null,
                    CopyChunks.copyDeadline(timeout, elements.size())));
        } catch (CopyCommandFailedException e) {
            boolean landedBefore = retry && e.replicaErrorCode().orElse(null) == ReplicaErrorCode.BOX_ALREADY_EXISTS;
            if (!landedBefore) {
                throw e;
            }
            // A retry of a copy whose outcome was unknown: the boxes exist, so the first attempt went through.
            log.debug("pending large channel message was already written by an earlier attempt");
        }
        log.debug("wrote a {}-box channel message through a copy stream", elements.size());
        next = dest;
    }

    private void writeTemporaryStream(Keypair temp, List<byte[]> elements, Duration timeout) {
        Deque<CompletableFuture<ResendResult>> inFlight = new ArrayDeque<>();
        MessageBoxIndex index = temp.firstIndex();
        try {
            for (byte[] element : elements) {
                EncryptedMessage m = Futures.await(ph.calls().encryptWrite(element, temp.writeCap(), index, timeout));
                index = m.nextIndex();
                while (inFlight.size() >= COPY_WINDOW) {
                    Futures.await(inFlight.removeFirst());
                }
                inFlight.addLast(ph.calls().startResendingEncryptedMessage(m, ResendOptions.DEFAULT, timeout));
            }
            while (!inFlight.isEmpty()) {
                Futures.await(inFlight.removeFirst());
            }
        } catch (RuntimeException e) {
            for (CompletableFuture<ResendResult> f : inFlight) {
                f.cancel(false); // also cancels the daemon's resending
            }
            throw e;
        }
    }

    static Duration left(long deadline, Duration timeout) {
        long n = deadline - System.nanoTime();
        if (n <= 0) {
            throw new RequestTimeoutException("the channel operation did not finish within " + timeout);
        }
        return Duration.ofNanos(n);
    }

    @Override
    public String toString() {
        return "ChannelWriter(" + writeCap + ")";
    }
}
