package org.katzenpost.thin.internal.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One connection to kpclientd as a plain bidirectional byte stream; framing is done above it.
 *
 * <p>One thread may read while another writes. {@link #close()} is idempotent, may be called from any
 * thread, and unblocks a thread blocked in {@code input().read()} (which then sees an {@link IOException}
 * or end of stream) and one blocked in a write.
 */
public interface Transport extends Closeable {
    /** The bytes the daemon sends. The same instance on every call. */
    InputStream input();

    /** The bytes sent to the daemon; {@code flush()} pushes them out. The same instance on every call. */
    OutputStream output();

    /** What this connects to, for logs and messages, e.g. {@code tcp 127.0.0.1:64331}. */
    String describe();

    /**
     * True when the peer sees {@link #output()} as a plain byte stream, so that several frames may be handed
     * to the kernel in one write. False for WebSocket, where each {@code flush()} ends one message and every
     * frame must be its own message.
     */
    default boolean coalescesWrites() {
        return true;
    }

    /**
     * True when a thread's interrupt can never close this transport while that thread writes to it, so that a
     * caller's thread may write a frame itself (see {@code Connection}). False for channels, which an interrupt
     * closes, and for transports the JDK does not implement.
     */
    default boolean writesIgnoreInterrupts() {
        return false;
    }

    /**
     * The current value of a socket option, for tests and diagnostics.
     *
     * @param <T> the option's type
     * @param name the option
     * @return its value, or null when this transport has no such socket (unix channels, WebSocket)
     * @throws IOException if the socket cannot be asked
     */
    default <T> T socketOption(java.net.SocketOption<T> name) throws IOException {
        return null;
    }

    @Override
    void close() throws IOException;
}
