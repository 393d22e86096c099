package org.katzenpost.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.katzenpost.thin.internal.wire.Frames;

/** Reads one frame from a transport's stream with the client's own frame reader, for tests that check the bytes. */
final class OneFrame {
    private OneFrame() {}

    /**
     * The next frame's body, as a copy. A new reader takes nothing past the frame from the stream, so a test may
     * read a stream one frame at a time this way.
     *
     * @param in the stream
     * @return the body, or null at a clean end of the stream
     * @throws IOException when the stream fails or ends inside a frame
     */
    static byte[] read(InputStream in) throws IOException {
        Frames.FrameReader reader = new Frames.FrameReader(in);
        int n = reader.next();
        return n < 0 ? null : Arrays.copyOf(reader.buffer(), n);
    }
}
