package org.katzenpost.thin.pigeonhole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.PayloadTooLargeException;

/**
 * The arithmetic of a copy stream written in pieces: how its payload is cut into daemon calls, and how long its
 * copy command may take. The channel writer's large messages and the store's resumable transfers use it, and so
 * can an application that writes copy streams with {@link PigeonholeClient}'s calls itself
 * (docs/pigeonhole.md#the-storage-api).
 *
 * <p>A destination box of a copy stream carries {@link #BOX_OVERHEAD} bytes less than the geometry's
 * MaxPlaintextPayloadLength (docs/protocol.md#copy-commands). One daemon call takes at most
 * {@link PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} bytes (docs/protocol.md#limits), and a writer encodes at most a
 * set number of boxes per call, each call with its own deadline and the encoder's residue
 * ({@link CopyStreamBuffer}) carried to the next (docs/performance.md#file-transfer): the daemon spends seconds of
 * CPU per box, so one call for a large payload would fail at any fixed deadline. A payload continues in the next
 * call only at a box boundary, so the destination boxes are the ones one call would have made.
 *
 * <p>While the geometry is unknown (MaxPlaintextPayloadLength {@value #BOX_OVERHEAD} or less, e.g. offline) a box
 * is counted as one byte when cutting, {@link #boxes} counts none, and {@link #calls} leaves the payloads to one
 * call. Immutable and thread-safe.
 */
public final class CopyChunks {
    /** What a copy stream takes of each box: a box carries MaxPlaintextPayloadLength minus this many bytes. */
    public static final int BOX_OVERHEAD = 4;

    /**
     * What each copy-stream element adds to a copy command's deadline ({@link #copyDeadline}): 30 seconds. The
     * courier decrypts every element and writes its boxes to the replicas before it answers; measured at about
     * 13 s per element on the 2-core testnet under load (a 100 KiB file, 87 elements, took the courier 18
     * minutes; docs/performance.md#file-transfer), so a 10-minute deadline failed a copy that was still making
     * progress. 30 s leaves room for a slower machine.
     */
    public static final Duration COPY_TIME_PER_ELEMENT = Duration.ofSeconds(30);

    /**
     * A piece of one payload, for one daemon call.
     *
     * @param offset where in the payload it starts
     * @param length how many bytes it has
     */
    public record Piece(long offset, int length) {
        /**
         * Where it ends.
         *
         * @return the offset just past its last byte
         */
        public long end() {
            return offset + length;
        }
    }

    /**
     * A piece of one of several payloads, in a call with pieces of others.
     *
     * @param payload which payload, by its position in the list given to {@link #calls}
     * @param offset where in that payload it starts
     * @param length how many bytes it has
     */
    public record Part(int payload, int offset, int length) {
        /**
         * Where it ends.
         *
         * @return the offset just past its last byte
         */
        public int end() {
            return offset + length;
        }
    }

    private final int boxBytes; // 0 while the geometry is unknown
    private final int unit; // what a box counts as in byte arithmetic: at least one byte, so nothing divides by 0
    private final long boxesAsked; // boxes per call as asked
    private final int callLimit;
    private final long boxesPerCall; // as asked, or as many whole boxes as fit in callLimit if fewer
    private final int chunkBytes; // the bytes of boxesPerCall boxes: at most callLimit

    /**
     * A chunker for boxes of {@code boxBytes} and calls of at most {@code callLimit} bytes; {@link #of} with the
     * daemon's limit, other limits for tests.
     */
    CopyChunks(int boxBytes, long boxesPerCall, int callLimit) {
        if (boxesPerCall < 1) {
            throw new IllegalArgumentException("a copy-stream call takes at least 1 box, not " + boxesPerCall);
        }
        if (callLimit < 1) {
            throw new IllegalArgumentException("a copy-stream call takes at least 1 byte, not " + callLimit);
        }
        this.boxBytes = Math.max(0, boxBytes);
        this.unit = Math.max(1, boxBytes);
        this.boxesAsked = boxesPerCall;
        this.callLimit = callLimit;
        this.boxesPerCall = Math.min(boxesPerCall, callLimit / unit);
        this.chunkBytes = (int) (this.boxesPerCall * unit); // at most callLimit: no overflow
    }

    /**
     * The chunker of a geometry, for calls of at most {@code boxesPerCall} boxes and the daemon's limit.
     *
     * @param maxPlaintextPayloadLength the geometry's MaxPlaintextPayloadLength; {@value #BOX_OVERHEAD} or less
     *     while unknown
     * @param boxesPerCall the most boxes one call encodes, at least 1 (capped at what fits in one call)
     * @return the chunker
     * @throws IllegalArgumentException if {@code boxesPerCall} is below 1
     */
    public static CopyChunks of(int maxPlaintextPayloadLength, long boxesPerCall) {
        return new CopyChunks(boxPayloadLength(maxPlaintextPayloadLength), boxesPerCall,
                PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH);
    }

    /**
     * The payload bytes one destination box of a copy stream carries.
     *
     * @param maxPlaintextPayloadLength the geometry's MaxPlaintextPayloadLength
     * @return that minus {@value #BOX_OVERHEAD}; 0 when that leaves nothing (the geometry is unknown)
     */
    public static int boxPayloadLength(int maxPlaintextPayloadLength) {
        // compared, not subtracted first: Integer.MIN_VALUE - 4 would wrap around to a huge box
        return maxPlaintextPayloadLength <= BOX_OVERHEAD ? 0 : maxPlaintextPayloadLength - BOX_OVERHEAD;
    }

    /**
     * The most whole boxes whose bytes fit in one daemon call.
     *
     * @param maxPlaintextPayloadLength the geometry's MaxPlaintextPayloadLength; while unknown a box counts as
     *     one byte
     * @return {@link PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH} over the box payload length, rounded down
     */
    public static int maxBoxesPerCall(int maxPlaintextPayloadLength) {
        return PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH / Math.max(1, boxPayloadLength(maxPlaintextPayloadLength));
    }

    /**
     * Refuses a payload over the daemon's limit for one copy-stream call; the daemon would answer it with error 3.
     *
     * @param length the payload's length
     * @param what what the payload is, for the message (e.g. {@code "payload"})
     * @throws PayloadTooLargeException if {@code length} is over {@link PigeonholeClient#MAX_COPY_PAYLOAD_LENGTH}
     */
    public static void checkCallPayload(long length, String what) {
        if (length > PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH) {
            throw new PayloadTooLargeException(what + " of " + length + " bytes exceeds the daemon's "
                    + PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH + "-byte limit per copy-stream call");
        }
    }

    /**
     * How long a copy command of {@code elements} copy-stream elements may take: no fixed deadline fits every
     * size, so a caller passes this to {@link PigeonholeClient#withTimeout} for its
     * {@link PigeonholeClient#startResendingCopyCommand}.
     *
     * @param timeout the call deadline, positive
     * @param elements the copy stream's elements (negative counts as none)
     * @return {@code timeout} plus {@link #COPY_TIME_PER_ELEMENT} per element; a timeout of a century or more
     *     ({@link Durations#LONGEST}, "forever") stays one, and so does a sum that reaches it
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static Duration copyDeadline(Duration timeout, int elements) {
        Durations.requirePositive(timeout, "timeout");
        if (timeout.compareTo(Durations.LONGEST) >= 0) {
            return Durations.LONGEST;
        }
        // in whole seconds, not multipliedBy (which goes through BigDecimal); at most 30 * 2^31 s: no overflow
        Duration d = timeout.plusSeconds(COPY_TIME_PER_ELEMENT.getSeconds() * Math.max(0, elements));
        return d.compareTo(Durations.LONGEST) >= 0 ? Durations.LONGEST : d;
    }

    /**
     * The bytes of the whole boxes one call takes.
     *
     * @return the boxes per call asked for, or as many as fit in one call if fewer, times the box payload length
     *     (1 while the geometry is unknown); 0 if not even one box fits
     */
    public int chunkBytes() {
        return chunkBytes;
    }

    /**
     * How many destination boxes {@code bytes} of payload fill, the last one perhaps part full.
     *
     * @param bytes the payload length, not negative
     * @return the boxes, rounded up; 0 while the geometry is unknown
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public long boxes(long bytes) {
        requireLength(bytes);
        return boxBytes == 0 ? 0 : ceilDiv(bytes, boxBytes);
    }

    /**
     * How many calls {@link #at} cuts a payload of {@code length} bytes into.
     *
     * @param length the payload length, not negative
     * @return at least 1: an empty payload is one empty call
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws IllegalStateException if not even one box fits in a call
     */
    public long count(long length) {
        requireLength(length);
        return Math.max(1, ceilDiv(length, requireChunkBytes()));
    }

    /**
     * The piece of a payload of {@code length} bytes that one call encodes from {@code offset} on: the payload is
     * cut into pieces of {@link #chunkBytes()} from its start, the last one the rest. A caller that stores the
     * offset (a resumable transfer) asks for one piece at a time.
     *
     * @param offset where the piece starts, 0 to {@code length}
     * @param length the payload length
     * @return the piece, at most {@link #chunkBytes()} long; empty when {@code offset} is {@code length}
     * @throws IllegalArgumentException if {@code offset} is outside the payload
     * @throws IllegalStateException if not even one box fits in a call
     */
    public Piece at(long offset, long length) {
        requireLength(length);
        if (offset < 0 || offset > length) {
            throw new IllegalArgumentException("offset " + offset + " is outside a payload of " + length + " bytes");
        }
        return new Piece(offset, (int) Math.min(requireChunkBytes(), length - offset));
    }

    /**
     * Cuts a payload of {@code length} bytes into segments of one call's limit, then each segment from its own
     * start into pieces of the boxes per call asked for, the last piece of a segment the rest of it. This is how a
     * channel's large message is cut: before chunking it took one call per segment, which cut the boxes from the
     * segment's start, so chunked it makes the same boxes and a reader cannot tell. Inside a segment the limit is
     * kept by the segment, so even a box larger than a call's share is cut this way.
     *
     * @param length the payload length, not negative
     * @return the pieces, in order, covering the payload; an empty payload is one empty piece
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public List<Piece> segmentPieces(long length) {
        requireLength(length);
        // boxesAsked * unit could overflow a long; past callLimit boxes the segment end cuts the piece anyway
        long step = Math.min(Math.min(boxesAsked, callLimit) * unit, callLimit);
        List<Piece> out = new ArrayList<>();
        for (long segment = 0; segment < length; segment += callLimit) {
            long segmentEnd = Math.min(length, segment + callLimit);
            for (long from = segment; from < segmentEnd; from += step) {
                out.add(new Piece(from, (int) (Math.min(segmentEnd, from + step) - from)));
            }
        }
        return out.isEmpty() ? List.of(new Piece(0, 0)) : List.copyOf(out);
    }

    /**
     * Packs several payloads, each for its own destination, into calls of at most the boxes per call asked for:
     * the payloads in order, a payload that does not fit in what is left of a call continued in the next one
     * from a box boundary, and a part-full last box of a payload counted as a whole box (the next payload starts
     * a box of its own). If all of them together fit in one call, or while the geometry is unknown, it is one
     * call with every payload whole.
     *
     * @param lengths the payload lengths, at least one, none negative
     * @return the calls, in order, each the parts it encodes, in order
     * @throws IllegalArgumentException if {@code lengths} is empty or has a negative length
     * @throws IllegalStateException if the payloads need several calls and not even one box fits in a call
     */
    public List<List<Part>> calls(int... lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("at least one payload");
        }
        long total = 0;
        for (int length : lengths) {
            total += boxes(length); // in long: a few payloads of 10 MiB in one-byte boxes exceed an int
        }
        if (boxBytes == 0 || total <= boxesPerCall) {
            List<Part> whole = new ArrayList<>(lengths.length);
            for (int i = 0; i < lengths.length; i++) {
                whole.add(new Part(i, 0, lengths[i]));
            }
            return List.of(List.copyOf(whole));
        }
        long size = requireChunkBytes();
        List<List<Part>> out = new ArrayList<>();
        List<Part> call = new ArrayList<>();
        long room = size; // bytes of whole boxes the call being gathered may still take
        for (int i = 0; i < lengths.length; i++) {
            int off = 0;
            do {
                if (room <= 0) {
                    out.add(List.copyOf(call));
                    call = new ArrayList<>();
                    room = size;
                }
                int n = (int) Math.min(lengths[i] - off, room);
                call.add(new Part(i, off, n));
                room -= boxes(n) * boxBytes;
                off += n;
            } while (off < lengths[i]);
        }
        out.add(List.copyOf(call));
        return List.copyOf(out);
    }

    private int requireChunkBytes() {
        if (chunkBytes == 0) {
            throw new IllegalStateException("a box of " + unit + " bytes does not fit in a copy-stream call of at most "
                    + callLimit + " bytes");
        }
        return chunkBytes;
    }

    private static void requireLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("a payload length is not negative, got " + length);
        }
    }

    // no (a + b - 1) / b: a near Long.MAX_VALUE must not wrap around
    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    @Override
    public String toString() {
        return "CopyChunks[" + boxesPerCall + " boxes of " + boxBytes + " bytes per call]";
    }
}
