package org.katzenpost.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.Dial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link Endpoint} over a {@link ServerSocket}: TCP, or a junixsocket Unix-domain server socket. */
final class SocketEndpoint implements Endpoint {
    private static final Logger log = LoggerFactory.getLogger(SocketEndpoint.class);

    /** How long close waits for accepting threads to leave accept(). */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ServerSocket server;
    private final Dial dial;
    private final boolean tcp;
    /** Threads inside {@code server.accept()}; guarded by {@code this}. */
    private int accepting;

    SocketEndpoint(ServerSocket server, Dial dial, boolean tcp) {
        this.server = server;
        this.dial = dial;
        this.tcp = tcp;
        log.debug("listening on {}", dial);
    }

    @Override
    public Dial dial() {
        return dial;
    }

    @Override
    public Connection accept() throws IOException {
        Socket s;
        synchronized (this) {
            accepting++;
        }
        try {
            s = server.accept();
        } finally {
            synchronized (this) {
                accepting--;
                notifyAll();
            }
        }
        if (tcp) {
            s.setTcpNoDelay(true); // as kpclientd does
        }
        log.debug("accepted a connection on {}", dial);
        return new SocketConnection(s);
    }

    @Override
    public void close() throws IOException {
        server.close();
        // The JDK releases the descriptor of a socket closed under a blocked accept() only once that thread has
        // left it, and until then the address stays bound: listening on it again would fail.
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        synchronized (this) {
            while (accepting > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.debug("{} closed while {} thread(s) are still in accept", dial, accepting);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while closing " + dial);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Endpoint[" + dial + "]";
    }

    private static final class SocketConnection implements Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketConnection(Socket socket) throws IOException {
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

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
