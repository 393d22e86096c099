package org.katzenpost.thin.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.katzenpost.thin.ProtocolViolationException;

/**
 * Framing shared by every transport: a 4-byte big-endian length, then that many bytes of one CBOR item.
 * The length is checked against {@link #MAX_FRAME_LENGTH} before anything is allocated.
 */
public final class Frames {
    /** kpclientd's {@code MaxMessageSize}: 40 MiB; a frame of exactly this length is allowed. */
    public static final int MAX_FRAME_LENGTH = 40 * 1024 * 1024;

    private Frames() {}

    /**
     * Reads a body of {@code n} bytes into an array that grows as the bytes arrive (doubling, from at most
     * {@link #FIRST_GROWING_ALLOCATION}), so that a prefix announcing 40 MiB and then nothing costs no 40 MiB array:
     * while it grows the old and the new array are both live, at most about three times what arrived (plus the first
     * allocation), and a whole frame allocates about twice its length in all. Notes progress on {@code reader}.
     */
    private static byte[] readGrowing(InputStream in, int n, FrameReader reader) throws IOException {
        byte[] body = new byte[Math.min(n, FIRST_GROWING_ALLOCATION)];
        int done = 0;
        while (done < n) {
            if (done == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(n, 2L * body.length));
            }
            int r = in.read(body, done, body.length - done);
            if (r < 0) {
                throw new TruncatedFrameException("stream ended inside the frame body after " + done + " of " + n
                        + " bytes");
            }
            done += r;
            reader.progress();
        }
        return body;
    }

    /** The first array {@link #readGrowing} allocates for a body (a large frame's grows from there). */
    static final int FIRST_GROWING_ALLOCATION = 128 * 1024;

    /**
     * Reads frames from one stream into a buffer it reuses, so that the reader thread allocates nothing per
     * frame: the body of the last frame is {@code buffer()[0, length)} and stays valid until the next call.
     * Frames up to {@link #RETAINED_BUFFER_LIMIT} bytes share one buffer; a longer frame gets an array of its
     * own (grown as its bytes arrive), which is dropped after it, so one large PKI document does not pin its size
     * in memory. A stream that ends inside a frame is an {@link EOFException}
     * ({@link TruncatedFrameException}); an oversized or zero length a {@link ProtocolViolationException}, refused
     * before anything is allocated for the body.
     */
    public static final class FrameReader {
        /** The largest buffer kept between frames. */
        public static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

        private final InputStream in;
        private final byte[] prefix = new byte[3];
        private byte[] retained = new byte[4096];
        private byte[] last = retained;
        /**
         * nanoTime of the last byte of the current frame read, or {@link Long#MAX_VALUE} between frames (one
         * field, so that the stall check never pairs one frame's time with another's state).
         */
        private volatile long lastProgress = Long.MAX_VALUE;

        private final Runnable onFrameStart;

        public FrameReader(InputStream in) {
            this(in, () -> {});
        }

        /**
         * @param in the stream
         * @param onFrameStart run on the reading thread when a frame's first byte arrived, before the rest is read
         *     (the read-stall check arms itself there: a reader waiting between frames needs no timer)
         */
        public FrameReader(InputStream in, Runnable onFrameStart) {
            this.in = in;
            this.onFrameStart = onFrameStart;
        }

        /** Reads the next frame; returns its length, or -1 on a clean end of stream at a frame boundary. */
        public int next() throws IOException {
            int b0 = in.read();
            if (b0 < 0) {
                return -1;
            }
            lastProgress = System.nanoTime();
            onFrameStart.run();
            try {
                return readRest(b0);
            } finally {
                lastProgress = Long.MAX_VALUE;
            }
        }

        private int readRest(int b0) throws IOException {
            for (int done = 0; done < 3; ) {
                int r = in.read(prefix, done, 3 - done);
                if (r < 0) {
                    throw new TruncatedFrameException("stream ended inside the frame length prefix after " + done
                            + " of 3 bytes");
                }
                done += r;
                lastProgress = System.nanoTime();
            }
            long length = ((long) b0 << 24) | ((prefix[0] & 0xFFL) << 16) | ((prefix[1] & 0xFFL) << 8)
                    | (prefix[2] & 0xFFL);
            checkLength(length);
            int n = (int) length;
            if (n > RETAINED_BUFFER_LIMIT) {
                last = readGrowing(in, n, this);
                return n;
            }
            byte[] body;
            if (n <= retained.length) {
                body = retained;
            } else {
                retained = new byte[Math.min(RETAINED_BUFFER_LIMIT, Math.max(n, retained.length * 2))];
                body = retained;
            }
            last = body;
            int done = 0;
            while (done < n) {
                int r = in.read(body, done, n - done);
                if (r < 0) {
                    throw new TruncatedFrameException("stream ended inside the frame body after " + done + " of "
                            + n + " bytes");
                }
                done += r;
                lastProgress = System.nanoTime();
            }
            return n;
        }

        void progress() {
            lastProgress = System.nanoTime();
        }

        /**
         * For the read-stall check, from any thread: the {@link System#nanoTime()} at which the frame being read
         * last made progress, or {@link Long#MAX_VALUE} between frames (waiting for a frame is no stall).
         */
        public long progressAt() {
            return lastProgress;
        }

        /** The buffer holding the last frame's body from offset 0. */
        public byte[] buffer() {
            return last;
        }
    }

    /** The stream ended in the middle of a frame (not at a frame boundary). */
    public static final class TruncatedFrameException extends EOFException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what was cut off
         */
        public TruncatedFrameException(String message) {
            super(message);
        }
    }

    /** Validates an announced frame length. Zero is refused: every frame holds one CBOR map. */
    public static void checkLength(long length) {
        if (length > MAX_FRAME_LENGTH) {
            throw new ProtocolViolationException(
                    "frame of " + length + " bytes exceeds the " + MAX_FRAME_LENGTH + "-byte limit");
        }
        if (length == 0) {
            throw new ProtocolViolationException("empty frame: a frame must hold one CBOR map");
        }
    }

    /** The 4-byte prefix for a body of {@code length} bytes. */
    public static byte[] prefix(int length) {
        checkLength(length);
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Writes prefix and body in one call, so stream transports send one segment and WebSocket one message. */
    public static void write(OutputStream out, byte[] body) throws IOException {
        checkLength(body.length);
        byte[] frame = new byte[4 + body.length];
        System.arraycopy(prefix(body.length), 0, frame, 0, 4);
        System.arraycopy(body, 0, frame, 4, body.length);
        out.write(frame);
        out.flush();
    }
}
