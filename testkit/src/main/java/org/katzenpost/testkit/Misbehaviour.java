package org.katzenpost.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.wire.Responses;

/**
 * Something a simulated daemon does to one connection, for testing how a client copes. Apply one at a
 * handshake step with a {@link ConnectionScript}, or at any time with {@link SimulatedConnection#perform}.
 * Every action is carried out by the connection's writer, in order with the frames queued before it.
 *
 * <p>The bytes each action writes are fixed and documented, so a test can assert on exactly them:
 * <ul>
 *   <li>{@link #malformedFrame()}: prefix {@code 00 00 00 02}, body {@link #malformedBody()} ({@code a1 1c}: a
 *       one-entry map whose key uses a reserved CBOR additional-info value, so it is not well-formed);</li>
 *   <li>{@link #oversizedLengthPrefix()}: just {@code ff ff ff ff} (announces 4 GiB − 1), nothing after it; the
 *       connection stays open;</li>
 *   <li>{@link #garbage(int, long)}: that many bytes of a {@link SplittableRandom} with that seed;</li>
 *   <li>{@link #unknownResponse(String)}: a daemon-style frame with all 25 known keys null plus the unknown
 *       key holding an empty map;</li>
 *   <li>{@link #truncatedFrameThenClose()}: the 4-byte prefix of a complete {@code connection_status_event}
 *       body and only its first half, then the socket is closed;</li>
 *   <li>{@link #shutdownThenClose()}: a {@code shutdown_event} frame, then the socket is closed;</li>
 *   <li>{@link #close()}: the socket is closed, nothing written (for the daemon's session table this is an
 *       unintentional disconnect: the session is kept for the grace period);</li>
 *   <li>{@link #stall()}: nothing is written or read from then on; the socket stays open until the client or
 *       the simulator closes it.</li>
 * </ul>
 */
public sealed interface Misbehaviour {

    /** Close the socket (no shutdown_event). */
    record Close() implements Misbehaviour {}

    /**
     * Hold the writer (and so every later frame) for this long.
     *
     * @param duration how long; zero (no hold) or positive
     */
    record Delay(Duration duration) implements Misbehaviour {
        /**
         * Validates the duration.
         *
         * @param duration how long; zero (no hold) or positive
         * @throws NullPointerException if {@code duration} is null
         * @throws IllegalArgumentException if {@code duration} is negative
         */
        public Delay {
            Durations.requireNonNegative(duration, "duration");
        }
    }

    /**
     * Write these bytes verbatim (no length prefix).
     *
     * @param bytes what to write
     */
    record RawBytes(byte[] bytes) implements Misbehaviour {
        /**
         * Copies the bytes.
         *
         * @param bytes what to write; copied
         * @throws NullPointerException if {@code bytes} is null
         */
        public RawBytes {
            bytes = bytes.clone();
        }

        /**
         * What is written.
         *
         * @return a fresh copy
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "RawBytes[" + bytes.length + " bytes]";
        }
    }

    /**
     * Write a 4-byte big-endian length prefix and then this body, like the daemon (two writes).
     *
     * @param body the frame body
     */
    record Frame(byte[] body) implements Misbehaviour {
        /**
         * Copies the body.
         *
         * @param body the frame body, CBOR or not; copied
         * @throws NullPointerException if {@code body} is null
         */
        public Frame {
            body = body.clone();
        }

        /**
         * The frame body.
         *
         * @return a fresh copy
         */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public String toString() {
            return "Frame[" + body.length + " bytes]";
        }
    }

    /**
     * Write the prefix of {@code body} and its first {@code sentBytes} bytes, then close the socket.
     *
     * @param body the whole frame body, whose length the prefix announces
     * @param sentBytes how many of its bytes are written before the close
     */
    record TruncatedFrameThenClose(byte[] body, int sentBytes) implements Misbehaviour {
        /**
         * Copies the body and checks the cut.
         *
         * @param body the whole frame body; copied
         * @param sentBytes 0 to {@code body.length - 1}
         * @throws NullPointerException if {@code body} is null
         * @throws IllegalArgumentException if {@code sentBytes} is outside 0 to {@code body.length - 1}
         */
        public TruncatedFrameThenClose {
            body = body.clone();
            if (sentBytes < 0 || sentBytes >= body.length) {
                throw new IllegalArgumentException("sentBytes must be in 0.." + (body.length - 1));
            }
        }

        /**
         * The frame body.
         *
         * @return a fresh copy
         */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public String toString() {
            return "TruncatedFrameThenClose[" + sentBytes + " of " + body.length + " bytes]";
        }
    }

    /** Stop reading and writing, without closing. */
    record Stall() implements Misbehaviour {}

    /** A {@code shutdown_event} frame, then close (a graceful daemon shutdown as one connection sees it). */
    record ShutdownThenClose() implements Misbehaviour {}

    /**
     * Closes the socket, writing nothing.
     *
     * @return the action
     */
    static Misbehaviour close() {
        return new Close();
    }

    /**
     * Holds the writer, and so every later frame, for a while.
     *
     * @param duration how long; zero (no hold) or positive
     * @return the action
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    static Misbehaviour delay(Duration duration) {
        return new Delay(duration);
    }

    /**
     * Writes bytes verbatim, without a length prefix.
     *
     * @param bytes what to write (copied)
     * @return the action
     */
    static Misbehaviour rawBytes(byte[] bytes) {
        return new RawBytes(bytes);
    }

    /**
     * Writes one frame with any body: the escape hatch for a hostile or hand-made daemon frame (a length prefix,
     * then {@code body}, as two writes like kpclientd).
     *
     * @param body the frame body, CBOR or not (copied)
     * @return the action
     */
    static Misbehaviour frame(byte[] body) {
        return new Frame(body);
    }

    /**
     * A frame whose body is not well-formed CBOR: {@code 00 00 00 02 a1 1c}.
     *
     * @return the action
     */
    static Misbehaviour malformedFrame() {
        return new Frame(malformedBody());
    }

    /**
     * The body {@link #malformedFrame()} writes.
     *
     * @return {@code a1 1c}, a fresh array
     */
    static byte[] malformedBody() {
        return new byte[] {(byte) 0xa1, (byte) 0x1c};
    }

    /**
     * A length prefix announcing 4 GiB - 1 ({@code ff ff ff ff}) and nothing after it; the connection stays open.
     *
     * @return the action
     */
    static Misbehaviour oversizedLengthPrefix() {
        return lengthPrefix(0xFFFF_FFFFL);
    }

    /**
     * A bare length prefix, big-endian, and nothing after it.
     *
     * @param announced the length it announces, 0 to 2^32 - 1
     * @return the action
     * @throws IllegalArgumentException if {@code announced} is out of that range
     */
    static Misbehaviour lengthPrefix(long announced) {
        if (announced < 0 || announced > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a length prefix holds 0 .. 2^32-1");
        }
        return new RawBytes(new byte[] {(byte) (announced >>> 24), (byte) (announced >>> 16),
                (byte) (announced >>> 8), (byte) announced});
    }

    /**
     * Pseudo-random bytes, the same for the same seed.
     *
     * @param length how many bytes, zero or positive
     * @param seed the seed of {@code new SplittableRandom(seed)}
     * @return the action
     * @throws NegativeArraySizeException if {@code length} is negative
     */
    static Misbehaviour garbage(int length, long seed) {
        return new RawBytes(garbageBytes(length, seed));
    }

    /**
     * The bytes {@link #garbage(int, long)} writes, for a test to compare with.
     *
     * @param length how many bytes, zero or positive
     * @param seed the seed of {@code new SplittableRandom(seed)}
     * @return a fresh array
     * @throws NegativeArraySizeException if {@code length} is negative
     */
    static byte[] garbageBytes(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /**
     * A daemon-style frame for a response kind the client does not know: a map with the 25 known keys, all null,
     * plus {@code key} holding an empty map ({@code {}}), the way kpclientd lays out every response
     * (docs/protocol.md#response-kinds lists the 25).
     *
     * @param key the unknown key; if it is one of the 25, that key holds the empty map instead and no key is
     *     added
     * @return the action (the frame is encoded now)
     * @throws IllegalArgumentException if {@code key} is null
     */
    static Misbehaviour unknownResponse(String key) {
        return new Frame(ResponseEncoder.encode(new Responses.Unknown(key, Map.of())));
    }

    /**
     * A frame cut short by the daemon's death: the 4-byte prefix of a complete {@code connection_status_event}
     * body (connected, a zero instance token, no geometries), the first half of that body (rounded down), then
     * the socket is closed.
     *
     * @return the action
     */
    static Misbehaviour truncatedFrameThenClose() {
        byte[] body = ResponseEncoder.encode(
                new Responses.ConnectionStatusFrame(true, new byte[16], null, null));
        return new TruncatedFrameThenClose(body, body.length / 2);
    }

    /**
     * Stops reading and writing on the connection without closing it (frames queued before are still written).
     *
     * @return the action
     */
    static Misbehaviour stall() {
        return new Stall();
    }

    /**
     * Writes a {@code shutdown_event} frame, then closes the socket.
     *
     * @return the action
     */
    static Misbehaviour shutdownThenClose() {
        return new ShutdownThenClose();
    }
}
