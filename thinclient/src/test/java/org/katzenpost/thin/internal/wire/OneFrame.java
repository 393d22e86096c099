package org.katzenpost.thin.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads frames with the client's own frame reader ({@link Frames.FrameReader}), for tests that check the bytes. */
public final class OneFrame {
    private OneFrame() {}

    /**
     * The next frame's body, as a copy.
     *
     * @param reader the reader
     * @return the body, or null at a clean end of the stream
     * @throws IOException when the stream fails or ends inside a frame
     */
    public static byte[] next(Frames.FrameReader reader) throws IOException {
        int n = reader.next();
        return n < 0 ? null : Arrays.copyOf(reader.buffer(), n);
    }

    /**
     * The next frame's body, through a reader of its own. A reader takes nothing past its frame from the stream,
     * so a test may read a stream one frame at a time this way.
     *
     * @param in the stream
     * @return the body, or null at a clean end of the stream
     * @throws IOException when the stream fails or ends inside a frame
     */
    public static byte[] read(InputStream in) throws IOException {
        return next(new Frames.FrameReader(in));
    }
}
