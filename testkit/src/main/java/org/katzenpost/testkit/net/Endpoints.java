package org.katzenpost.testkit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.katzenpost.thin.Dial;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Listening endpoints for every kpclientd transport. All bind on this machine only. */
public final class Endpoints {
    private static final int BACKLOG = 50;

    private Endpoints() {}

    /**
     * TCP on 127.0.0.1.
     *
     * @param port the port to bind; 0 picks a free ephemeral port
     * @return the listening endpoint; its {@link Endpoint#dial()} names the port actually bound
     * @throws IOException if the port cannot be bound
     */
    public static Endpoint tcp(int port) throws IOException {
        ServerSocket server = new ServerSocket(port, BACKLOG, InetAddress.getByName("127.0.0.1"));
        return new SocketEndpoint(server, Dial.tcp("127.0.0.1:" + server.getLocalPort()), true);
    }

    /**
     * A Unix-domain socket at {@code path} (junixsocket). The socket file is deleted when the endpoint is closed.
     *
     * @param path where to create the socket; must not exist yet
     * @return the listening endpoint
     * @throws IOException if the path exists already or the socket cannot be bound
     */
    public static Endpoint unixPath(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot listen on " + path + ": the file exists");
        }
        Dial dial = Dial.unix(path.toString());
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        try {
            server.setDeleteOnClose(true);
            server.bind(AFUNIXSocketAddress.of(path), BACKLOG);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new SocketEndpoint(server, dial, false);
    }

    /**
     * A Linux abstract-namespace Unix-domain socket, dialled as {@code @name}. Linux only.
     *
     * @param name the abstract name, without the leading {@code @}
     * @return the listening endpoint
     * @throws IOException if the name is taken or the socket cannot be bound (for example on another system)
     */
    public static Endpoint abstractUnix(String name) throws IOException {
        Dial dial = Dial.unix("@" + name);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        try {
            server.bind(AFUNIXSocketAddress.inAbstractNamespace(name), BACKLOG);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new SocketEndpoint(server, dial, false);
    }

    /**
     * A WebSocket server on 127.0.0.1, dialled as {@code ws://127.0.0.1:port/}. Like kpclientd it accepts any request
     * path, reads binary messages as one byte stream, and sends each outgoing frame's 4-byte prefix and body as two
     * separate binary messages.
     *
     * @param port the port to bind; 0 picks a free ephemeral port
     * @return the listening endpoint, once the server is started
     * @throws IOException if the server cannot start
     */
    public static Endpoint webSocket(int port) throws IOException {
        return WebSocketEndpoint.start(port);
    }
}
