package org.katzenpost.thin.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
     * Reads one frame body. Returns null on a clean end of stream at a frame boundary; a stream that ends
     * inside a frame is an {@link EOFException}; an oversized or zero length a {@link ProtocolViolationException}.
     */
    public static byte[] read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        byte[] prefix = new byte[3];
        readFully(in, prefix, 0, 3, "frame length prefix");
        long length = ((long) b0 << 24) | ((prefix[0] & 0xFFL) << 16) | ((prefix[1] & 0xFFL) << 8) | (prefix[2] & 0xFFL);
        checkLength(length);
        byte[] body = new byte[(int) length];
        readFully(in, body, 0, body.length, "frame body");
        return body;
    }

    /**
     * Reads frames from one stream into a buffer it reuses, so that the reader thread allocates nothing per
     * frame: the body of the last frame is {@code buffer()[0, length)} and stays valid until the next call.
     * Frames up to {@link #RETAINED_BUFFER_LIMIT} bytes share one buffer; a longer frame gets an array of its
     * own, which is dropped after it, so one large PKI document does not pin its size in memory. Same checks,
     * errors and end-of-stream rules as {@link #read(InputStream)}.
     */
    public static final class FrameReader {
        /** The largest buffer kept between frames. */
        public static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

        private final InputStream in;
        private final byte[] prefix = new byte[3];
        private byte[] retained = new byte[4096];
        private byte[] last = retained;

        public FrameReader(InputStream in) {
            this.in = in;
        }

        /** Reads the next frame; returns its length, or -1 on a clean end of stream at a frame boundary. */
        public int next() throws IOException {
            int b0 = in.read();
            if (b0 < 0) {
                return -1;
            }
            readFully(in, prefix, 0, 3, "frame length prefix");
            long length = ((long) b0 << 24) | ((prefix[0] & 0xFFL) << 16) | ((prefix[1] & 0xFFL) << 8)
                    | (prefix[2] & 0xFFL);
            checkLength(length);
            int n = (int) length;
            byte[] body;
            if (n <= retained.length) {
                body = retained;
            } else if (n <= RETAINED_BUFFER_LIMIT) {
                retained = new byte[Math.min(RETAINED_BUFFER_LIMIT, Math.max(n, retained.length * 2))];
                body = retained;
            } else {
                body = new byte[n];
            }
            last = body;
            readFully(in, body, 0, n, "frame body");
            return n;
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

    private static void readFully(InputStream in, byte[] b, int off, int len, String what) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new TruncatedFrameException("stream ended inside the " + what + " after " + done + " of " + len
                        + " bytes");
            }
            done += n;
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
