package org.katzenpost.thin.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A {@link Transport} over a connected {@link Socket} (TCP, or a junixsocket Unix-domain socket). */
final class SocketTransport implements Transport {
    private final Socket socket;
    private final String description;
    private final InputStream in;
    private final OutputStream out;

    SocketTransport(Socket socket, String description) throws IOException {
        this.socket = socket;
        this.description = description;
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

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The underlying socket (for tests). */
    Socket socket() {
        return socket;
    }

    @Override
    public String toString() {
        return "Transport[" + description + "]";
    }
}
