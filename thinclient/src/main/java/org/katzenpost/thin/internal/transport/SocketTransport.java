package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A {@link Transport} over a connected {@link Socket} (TCP, or a junixsocket Unix-domain socket). */
final class SocketTransport extends AbstractTransport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SocketTransport(Socket socket, String description) throws IOException {
        super(description);
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    /** A JDK socket on a platform thread ignores interrupts; a virtual thread's write that does not wait does too. */
    @Override
    public boolean writesIgnoreInterrupts() {
        return socket.getClass() == Socket.class;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public <T> T socketOption(java.net.SocketOption<T> name) throws IOException {
        return socket.supportedOptions().contains(name) ? socket.getOption(name) : null;
    }

    /** The underlying socket (for tests). */
    Socket socket() {
        return socket;
    }
}
