package org.katzenpost.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.katzenpost.thin.pigeonhole.CopyChunks;
import org.katzenpost.thin.pigeonhole.CopyChunks.Part;
import org.katzenpost.thin.pigeonhole.ChannelFrames;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.Courier;
import org.katzenpost.thin.pigeonhole.CourierEnvelopes;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.WriteCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crash-safe copy stream over several destinations: add payloads (each into its own destination stream),
 * then {@link #finish()} asks a courier to write every destination box at once, or none. Made by
 * {@link PersistentChannels#copyStreamBuilder(String)}.
 *
 * <p>Each {@code add} makes the copy-stream elements (payloads of more than
 * {@link PersistentChannels#copyChunkBoxes(int)} boxes in several daemon calls, each with its own deadline), stores them (with the residue buffer and, for
 * {@link #addToChannel}, the destination boxes it reserves) in one transaction, then writes them to the
 * temporary stream. After a crash, {@link PersistentChannels#copyStream(long)} gives the builder back;
 * {@link #payloadsAdded()} says how many payloads made it into the store, and {@link #finish()} writes
 * whatever elements were stored but not yet written before sending the copy command. Not thread-safe.
 *
 * <pre>{@code
 * CopyStreamBuilder b = channels.copyStreamBuilder("release");
 * b.addToChannel("to-alice", notesForAlice, false);
 * b.addToChannel("to-bob", notesForBob, true);          // last: flushes the stream
 * int boxes = b.finish();                               // both channels get their boxes, or neither
 * }</pre>
 */
public final class CopyStreamBuilder {
    private static final Logger log = LoggerFactory.getLogger(CopyStreamBuilder.class);

    private final PersistentChannels channels;
    private final ChannelStore store;
    private final DaemonCalls calls;
    private final long id;

    CopyStreamBuilder(PersistentChannels channels, long id) {
        this.channels = channels;
        this.store = channels.store();
        this.calls = channels.calls();
        this.id = id;
    }

    /**
     * The stream's id in the store, to pick it up again after a restart.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * The stream as stored now.
     *
     * @return its stored state
     */
    public StoredCopyStream state() {
        return store.copyStreams().copyStream(id)
                .orElseThrow(() -> new StoreException("copy stream " + id + " is gone"));
    }

    /**
     * How many payloads were added (and stored) so far.
     *
     * @return the count
     */
    public int payloadsAdded() {
        return state().payloads();
    }

    /**
     * Adds one payload for the stream of {@code destWriteCap} from {@code destStartIndex} on. The caller keeps
     * track of the destination's position (the boxes this writes are not reserved in any store channel; use
     * {@link #addToChannel} for that).
     *
     * @param payload the payload, at most 10 MiB (secret)
     * @param destWriteCap the destination stream's write cap
     * @param destStartIndex the first destination box
     * @param last whether this is the last payload of the stream
     * @return how many elements this add wrote to the temporary stream (may be 0 while the residue is buffered)
     * @throws IllegalStateException if the last payload was added already, or the stream was finished or abandoned
     * @throws org.katzenpost.thin.PayloadTooLargeException if a payload is over
     *     {@link PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes (nothing is stored)
     * @throws StoreException if the store fails (what was staged stays stored; add again or finish to go on)
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails
     */
    public int add(byte[] payload, WriteCap destWriteCap, MessageBoxIndex destStartIndex, boolean last) {
        return addAll(List.of(new CopyDestination(payload, destWriteCap, destStartIndex)), last);
    }

    /**
     * Adds several payloads, each for its own destination, in one step (like {@link #add}: the destinations'
     * boxes are not reserved in any store channel).
     *
     * @param destinations the payloads and their destinations (at least one)
     * @param last whether these are the last payloads of the stream
     * @return how many elements this add wrote to the temporary stream
     * @throws IllegalArgumentException if {@code destinations} is empty
     * @throws IllegalStateException if the last payload was added already, or the stream was finished or abandoned
     * @throws org.katzenpost.thin.PayloadTooLargeException if a payload is over
     *     {@link PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes (nothing is stored)
     * @throws StoreException if the store fails (what was staged stays stored; add again or finish to go on)
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails
     */
    public int addAll(List<CopyDestination> destinations, boolean last) {
        return stageAndWrite(destinations, last, List.of());
    }

    /**
     * Adds one payload for the stored write channel {@code channel}, at its next index, and reserves the boxes
     * it takes: the channel moves on in the same transaction that stores the elements, so nothing else is ever
     * written there. The boxes appear to readers when the copy is finished. In a {@link ChannelFormat#FRAMED}
     * channel the payload is one message (its frame is what is copied).
     *
     * @param channel a write channel of this store
     * @param payload the payload, at most 10 MiB (secret)
     * @param last whether this is the last payload of the stream
     * @return how many elements this add wrote to the temporary stream
     * @throws IllegalStateException if the last payload was added already, or the stream was finished or abandoned
     * @throws org.katzenpost.thin.PayloadTooLargeException if a payload is over
     *     {@link PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes (nothing is stored)
     * @throws StoreException if the store fails (what was staged stays stored; add again or finish to go on)
     * @throws org.katzenpost.thin.ThinClientException if the daemon fails
     */
    public int addToChannel(String channel, byte[] payload, boolean last) {
        channels.flush(channel);
        WriteChannel ch = channels.requireWrite(channel);
        byte[] boxes = ch.format() == ChannelFormat.FRAMED ? ChannelFrames.frame(payload) : payload;
        return stageAndWrite(List.of(new CopyDestination(boxes, ch.writeCap(), ch.nextIndex())), last,
                List.of(channel));
    }

    private int stageAndWrite(List<CopyDestination> payloads, boolean last, List<String> reserve) {
        Objects.requireNonNull(payloads, "payloads");
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("add at least one payload");
        }
        StoredCopyStream cur = state();
        if (cur.state() != StoredCopyStream.State.BUILDING || cur.lastAdded()) {
            throw new IllegalStateException("copy stream " + id + " is complete; finish it");
        }
        writeStaged(); // what an earlier add stored but did not write goes first, in order
        cur = state();
        boolean isStart = cur.payloads() == 0;
        CourierEnvelopes env = encode(payloads, isStart, last, cur.buffer());
        List<MessageBoxIndex> tempIndices = new ArrayList<>(env.envelopeCount());
        MessageBoxIndex idx = cur.tempNextIndex();
        for (int i = 0; i < env.envelopeCount(); i++) {
            tempIndices.add(idx);
            idx = calls.nextIndex(idx);
        }
        List<CopyStreamRows.ChannelReservation> reservations = new ArrayList<>();
        for (int i = 0; i < reserve.size(); i++) {
            reservations.add(new CopyStreamRows.ChannelReservation(reserve.get(i), payloads.get(i).startIndex(),
                    env.nextDestIndices().get(i)));
        }
        store.copyStreams().stageCopyElements(id, cur.tempNextIndex(), idx, tempIndices, env.envelopes(), env.buffer(),
                payloads.size(), last, reservations);
        channels.checkpointHook().reached("stream.staged");
        return writeStaged();
    }

    /**
     * Encodes {@code payloads} as one call would, in calls of at most {@link PersistentChannels#copyChunkBoxes}
     * destination boxes each, every call with its own deadline and the encoder's residue carried from one to the
     * next (as a copy transfer does, docs/performance.md#file-transfer): one call encrypting every box of a large
     * payload would fail at any fixed deadline. A payload split between calls is split at a box boundary, so the
     * destination boxes and the elements are the same as one call's. Payloads within one chunk are one call, as
     * before. Nothing is stored until all calls returned: a failure leaves the stream as it was.
     */
    private CourierEnvelopes encode(List<CopyDestination> payloads, boolean isStart, boolean last,
            CopyStreamBuffer buffer) {
        int[] lengths = new int[payloads.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = payloads.get(i).payload().length;
            // the documented bound, checked before any chunking (each chunk alone would be under it)
            CopyChunks.checkCallPayload(lengths[i], "payload");
        }
        List<List<Part>> plan = CopyChunks.of(calls.maxPlaintextPayloadLength(), channels.chunkBoxes())
                .calls(lengths);
        if (plan.size() == 1) {
            return calls.encode(payloads, isStart, last, buffer);
        }
        Chunks chunks = new Chunks(payloads.size(), isStart, buffer);
        byte[] payload = null; // the copy of the payload being cut: its parts come one after the other
        for (int k = 0; k < plan.size(); k++) {
            MessageBoxIndex lastNext = k == 0 ? null : chunks.flush(false);
            for (Part p : plan.get(k)) {
                CopyDestination d = payloads.get(p.payload());
                if (p.offset() == 0) {
                    payload = d.payload();
                }
                // a payload continued from the previous call goes on where that call stopped it
                MessageBoxIndex at = p.offset() > 0 ? lastNext : d.startIndex();
                chunks.add(new CopyDestination(Arrays.copyOfRange(payload, p.offset(), p.end()), d.writeCap(), at),
                        p.payload(), p.end() == lengths[p.payload()]);
            }
        }
        chunks.flush(last);
        return chunks.result();
    }

    /** The calls of one chunked add: the pieces of the call being gathered, and what the calls made so far. */
    private final class Chunks {
        private final List<byte[]> envelopes = new ArrayList<>();
        private final MessageBoxIndex[] nextDest;
        private final List<CopyDestination> call = new ArrayList<>();
        private final List<Integer> owner = new ArrayList<>();
        private final List<Boolean> ends = new ArrayList<>();
        private boolean start;
        private CopyStreamBuffer buffer;

        Chunks(int destinations, boolean isStart, CopyStreamBuffer buffer) {
            this.nextDest = new MessageBoxIndex[destinations];
            this.start = isStart;
            this.buffer = buffer;
        }

        void add(CopyDestination piece, int destination, boolean endsIt) {
            call.add(piece);
            owner.add(destination);
            ends.add(endsIt);
        }

        /** Encodes the gathered pieces in one call; returns the next index of its last piece's destination. */
        MessageBoxIndex flush(boolean isLast) {
            CourierEnvelopes c = calls.encode(List.copyOf(call), start, isLast, buffer);
            envelopes.addAll(c.envelopes());
            for (int k = 0; k < call.size(); k++) {
                if (ends.get(k)) {
                    nextDest[owner.get(k)] = c.nextDestIndices().get(k);
                }
            }
            MessageBoxIndex lastNext = c.nextDestIndices().get(call.size() - 1);
            start = false;
            buffer = c.buffer();
            call.clear();
            owner.clear();
            ends.clear();
            return lastNext;
        }

        CourierEnvelopes result() {
            return new CourierEnvelopes(envelopes, buffer, Arrays.asList(nextDest));
        }
    }

    /** Writes every stored element not yet written to the temporary stream; returns how many. */
    private int writeStaged() {
        StoredCopyStream cur = state();
        int n = 0;
        for (CopyElement e : store.copyStreams().copyStreamElements(id)) {
            if (e.written()) {
                continue;
            }
            calls.write(cur.tempWriteCap(), e.tempIndex(), e.element());
            channels.checkpointHook().reached("stream.element");
            store.copyStreams().markCopyStreamElementWritten(id, e.seq());
            n++;
        }
        return n;
    }

    /**
     * Sends the copy command through a courier the daemon picks and waits for the outcome: every destination box
     * written, or none. The last payload must have been added ({@code last = true}). Safe to call again after a
     * crash or a failure: a copy that had already completed counts as done.
     *
     * @return how many elements the stream had
     * @throws IllegalStateException if the last payload has not been added, or the stream was abandoned
     * @throws org.katzenpost.thin.ThinClientException if the copy fails (call again to retry)
     */
    public int finish() {
        return finishThrough(null);
    }

    /**
     * Like {@link #finish()}, through the given courier.
     *
     * @param courier the courier to send the copy command through (e.g. {@code Courier.of(serviceDescriptor)})
     * @return how many elements the stream had
     * @throws NullPointerException if {@code courier} is null
     * @throws IllegalStateException if the last payload has not been added, or the stream was abandoned
     * @throws org.katzenpost.thin.ThinClientException if the copy fails (call again to retry)
     */
    public int finish(Courier courier) {
        return finishThrough(Objects.requireNonNull(courier, "courier"));
    }

    private int finishThrough(Courier courier) {
        StoredCopyStream cur = state();
        int total = store.copyStreams().copyStreamElements(id).size();
        if (cur.state() == StoredCopyStream.State.DONE) {
            return total;
        }
        if (cur.state() == StoredCopyStream.State.ABANDONED) {
            throw new IllegalStateException("copy stream " + id + " was abandoned");
        }
        if (!cur.lastAdded()) {
            throw new IllegalStateException("copy stream " + id + " is not complete: add the last payload with"
                    + " last = true first");
        }
        if (cur.state() == StoredCopyStream.State.BUILDING) {
            writeStaged();
            store.copyStreams().setCopyStreamState(id, StoredCopyStream.State.COPYING);
            channels.checkpointHook().reached("stream.elements");
        }
        if (!calls.copy(cur.tempWriteCap(), courier, total)) {
            log.debug("copy stream {} had completed before; not repeated", id);
        }
        channels.checkpointHook().reached("stream.done");
        store.copyStreams().setCopyStreamState(id, StoredCopyStream.State.DONE);
        return total;
    }

    /**
     * Gives the stream up: the copy command is never sent. Boxes reserved with {@link #addToChannel} stay
     * reserved (never written).
     */
    public void abandon() {
        store.copyStreams().setCopyStreamState(id, StoredCopyStream.State.ABANDONED);
    }

    @Override
    public String toString() {
        return "CopyStreamBuilder[" + id + "]";
    }
}
