package org.katzenpost.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import org.katzenpost.thin.Dial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link Endpoint} over a {@link ServerSocket}: TCP, or a junixsocket Unix-domain server socket. */
final class SocketEndpoint implements Endpoint {
    private static final Logger log = LoggerFactory.getLogger(SocketEndpoint.class);

    private final ServerSocket server;
    private final Dial dial;
    private final boolean tcp;

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
        Socket s = server.accept();
        if (tcp) {
            s.setTcpNoDelay(true); // as kpclientd does
        }
        log.debug("accepted a connection on {}", dial);
        return new SocketConnection(s);
    }

    @Override
    public void close() throws IOException {
        server.close();
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
