package org.katzenpost.testkit.net;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server side of one accepted client connection: a plain bidirectional byte stream, the same for
 * every transport. One thread may read while another writes; {@link #close()} unblocks both.
 */
public interface Connection extends Closeable {
    /**
     * Bytes from the client.
     *
     * @return the same stream on every call
     */
    InputStream input();

    /**
     * Bytes to the client; call {@code flush()} after each frame.
     *
     * @return the same stream on every call
     */
    OutputStream output();
}
