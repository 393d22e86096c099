package org.katzenpost.store;

import java.util.List;

/**
 * The Pigeonhole operations a persistent channel needs from kpclientd. Implemented for a live
 * {@code ThinClient} by the application (the {@code katzen} CLI has one), and by tests with an in-memory
 * fake. Every method blocks until done and throws a {@code ThinClientException} (unchecked) on failure.
 *
 * <p>Caps and indices are the opaque byte strings the daemon hands out (BACAP WriteCap, ReadCap and
 * MessageBoxIndex).
 */
public interface PigeonholeBackend {

    /**
     * A fresh channel: write cap (secret), read cap (shareable) and the index of the first box.
     *
     * @param writeCap the write cap
     * @param readCap the read cap
     * @param firstIndex the first box
     */
    record Keypair(byte[] writeCap, byte[] readCap, byte[] firstIndex) {}

    /**
     * Copy-stream elements for one payload, and the destination index after its last box.
     *
     * @param elements the elements, in order
     * @param nextDestIndex the destination index after the payload's last box
     */
    record CopyEnvelopes(List<byte[]> elements, byte[] nextDestIndex) {}

    /**
     * Copy-stream elements for one chunk of a payload that spans several calls.
     *
     * @param elements the chunk's elements, in order (may be empty when the encoder kept them all as residue)
     * @param buffer the encoder's residue to pass to the next chunk's call (empty after the last chunk)
     * @param nextDestIndex the destination index after this chunk's boxes
     */
    record CopyChunk(List<byte[]> elements, byte[] buffer, byte[] nextDestIndex) {}

    /**
     * Creates a channel from a 32-byte random seed.
     *
     * @param seed the seed (secret)
     * @return the channel's caps and first index
     */
    Keypair newKeypair(byte[] seed);

    /**
     * The index after {@code index} (a local call: no mixnet traffic).
     *
     * @param index a box index
     * @return the next one
     */
    byte[] nextIndex(byte[] index);

    /**
     * The position of {@code index} in its stream (BACAP's 64-bit counter, unsigned in a long's bits; one more
     * for each {@link #nextIndex} step). Local.
     *
     * @param index a box index
     * @return its counter
     */
    long counter(byte[] index);

    /**
     * Writes {@code plaintext} to the box at {@code index} and waits for the courier's acknowledgement.
     * Writing the same plaintext to the same box again is harmless (Pigeonhole writes are idempotent), which
     * is what makes resuming after a crash safe.
     *
     * @param writeCap the stream's write cap
     * @param index the box
     * @param plaintext what to write (empty: a tombstone)
     */
    void write(byte[] writeCap, byte[] index, byte[] plaintext);

    /**
     * Reads the box at {@code index}, waiting until it has been written; a tombstone reads as empty.
     *
     * @param readCap the stream's read cap
     * @param index the box
     * @return its plaintext
     */
    byte[] read(byte[] readCap, byte[] index);

    /**
     * Encodes {@code payload} (at most 10 MiB) as copy-stream elements that write the destination stream
     * from {@code destStartIndex} on (one call for a whole payload: start and last flags set).
     *
     * @param payload the payload (secret)
     * @param destWriteCap the destination stream's write cap
     * @param destStartIndex the first destination box
     * @return the elements and the destination index after them
     */
    CopyEnvelopes createCopyEnvelopes(byte[] payload, byte[] destWriteCap, byte[] destStartIndex);

    /**
     * Encodes one chunk of a payload that is cut into several calls (docs/protocol.md#copy-commands, the
     * multi-payload call with one destination): the chunk's boxes start at {@code destStartIndex}; the encoder's
     * residue {@code buffer} from the previous chunk is carried in and the new residue handed back, so the
     * elements pack as densely as one call would. Each call is its own daemon request with its own deadline.
     *
     * @param chunk payload bytes of this chunk (a multiple of the box chunk size except for the last chunk)
     * @param destWriteCap the destination stream's write cap
     * @param destStartIndex the destination box of the chunk's first bytes
     * @param isStart whether this is the first chunk of the copy stream
     * @param isLast whether this is the last chunk (the encoder is flushed and the final flag set)
     * @param buffer the previous chunk's residue (empty for the first chunk)
     * @return the chunk's elements, residue and next destination index
     * @throws UnsupportedOperationException when the backend cannot encode in chunks (the default)
     */
    default CopyChunk createCopyEnvelopesChunk(byte[] chunk, byte[] destWriteCap, byte[] destStartIndex,
            boolean isStart, boolean isLast, byte[] buffer) {
        throw new UnsupportedOperationException("this backend cannot encode a copy stream in chunks");
    }

    /**
     * Asks a courier to carry out the copy stream written to the temporary channel {@code tempWriteCap}, and
     * waits for the outcome: all destination boxes written, or none.
     *
     * @param tempWriteCap the temporary stream holding the copy stream
     */
    void copy(byte[] tempWriteCap);

    /**
     * The largest plaintext one box holds (the geometry's {@code MaxPlaintextPayloadLength}).
     *
     * @return the length in bytes, or 0 if unknown
     */
    int maxPlaintextPayloadLength();

    /**
     * Like {@link #write}, but finds out whether the box had already been written (one more round trip to the
     * replica) instead of counting that as plain success.
     *
     * @param writeCap the stream's write cap
     * @param index the box
     * @param plaintext what to write (empty: a tombstone)
     * @return true if the box already existed (the write changed nothing), false if this call wrote it
     */
    boolean writeReportingExisting(byte[] writeCap, byte[] index, byte[] plaintext);

    /**
     * Reads the box at {@code index} once, without waiting for it to be written.
     *
     * @param readCap the stream's read cap
     * @param index the box
     * @return its plaintext (empty for a tombstone), or null if the box is not written (yet)
     */
    byte[] readNoRetry(byte[] readCap, byte[] index);

    /** One payload of a copy stream and where it goes (all secret). */
    record CopyPayload(byte[] payload, byte[] destWriteCap, byte[] destStartIndex) {
        @Override
        public String toString() {
            return "CopyPayload[" + payload.length + " bytes]";
        }
    }

    /**
     * The elements of one step of a multi-destination copy stream.
     *
     * @param elements the copy-stream elements, in order (may be empty while the residue is buffered)
     * @param buffer the residue for the next step (empty after the last one)
     * @param nextDestIndices per payload, the destination index after its last box
     */
    record MultiCopyEnvelopes(List<byte[]> elements, byte[] buffer, List<byte[]> nextDestIndices) {}

    /**
     * Encodes several payloads, each into its own destination stream, as one step of a copy stream.
     *
     * @param payloads the payloads and their destinations (at least one)
     * @param isStart whether this is the first step of the stream
     * @param isLast whether this is the last step (flushes the residue)
     * @param buffer the residue of the previous step (empty on the first)
     * @return the elements to write to the temporary stream, the new residue and the next destination indices
     */
    MultiCopyEnvelopes createCopyEnvelopes(List<CopyPayload> payloads, boolean isStart, boolean isLast,
            byte[] buffer);

    /**
     * Like {@link #copy(byte[])}, through the given courier.
     *
     * @param tempWriteCap the temporary stream holding the copy stream
     * @param courierIdentityHash the courier node's identity hash (32 bytes)
     * @param courierQueueId the courier's queue id
     */
    void copy(byte[] tempWriteCap, byte[] courierIdentityHash, byte[] courierQueueId);

    /**
     * Whether {@code failure}, thrown by {@link #copy}, means the destination boxes already hold what the
     * copy was to write (a copy that completed before a crash and is now replayed).
     *
     * @param failure what {@link #copy} threw
     * @return true if the copy had already been applied
     */
    default boolean isAlreadyCopied(RuntimeException failure) {
        return false;
    }
}
