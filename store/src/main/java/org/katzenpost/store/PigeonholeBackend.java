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

    /** A fresh channel: write cap (secret), read cap (shareable) and the index of the first box. */
    record Keypair(byte[] writeCap, byte[] readCap, byte[] firstIndex) {}

    /** Copy-stream elements for one payload, and the destination index after its last box. */
    record CopyEnvelopes(List<byte[]> elements, byte[] nextDestIndex) {}

    /**
     * Copy-stream elements for one chunk of a payload that spans several calls.
     *
     * @param elements the chunk's elements, in order (may be empty when the encoder kept them all as residue)
     * @param buffer the encoder's residue to pass to the next chunk's call (empty after the last chunk)
     * @param nextDestIndex the destination index after this chunk's boxes
     */
    record CopyChunk(List<byte[]> elements, byte[] buffer, byte[] nextDestIndex) {}

    /** Creates a channel from a 32-byte random seed. */
    Keypair newKeypair(byte[] seed);

    /** The index after {@code index} (a local call: no mixnet traffic). */
    byte[] nextIndex(byte[] index);

    /**
     * Writes {@code plaintext} to the box at {@code index} and waits for the courier's acknowledgement.
     * Writing the same plaintext to the same box again is harmless (Pigeonhole writes are idempotent), which
     * is what makes resuming after a crash safe.
     */
    void write(byte[] writeCap, byte[] index, byte[] plaintext);

    /** Reads the box at {@code index}, waiting until it has been written. */
    byte[] read(byte[] readCap, byte[] index);

    /**
     * Encodes {@code payload} (at most 10 MiB) as copy-stream elements that write the destination stream
     * from {@code destStartIndex} on (one call for a whole payload: start and last flags set).
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
     */
    void copy(byte[] tempWriteCap);

    /** The largest plaintext one box holds (the geometry's {@code MaxPlaintextPayloadLength}). */
    int maxPlaintextPayloadLength();

    /**
     * Whether {@code failure}, thrown by {@link #copy}, means the destination boxes already hold what the
     * copy was to write (a copy that completed before a crash and is now replayed).
     */
    default boolean isAlreadyCopied(RuntimeException failure) {
        return false;
    }
}
