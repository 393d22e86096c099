package org.katzenpost.thin.internal.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.katzenpost.thin.Dial;

/**
 * Run by {@link OptionalJunixsocketTest} in a JVM without junixsocket, or without its native library; prints one
 * line per check.
 */
public final class NoJunixsocketMain {
    private NoJunixsocketMain() {}

    /**
     * Runs the checks.
     *
     * @param args the path where a unix socket may be created
     * @throws Exception if the path or TCP check fails
     */
    public static void main(String[] args) throws Exception {
        Duration timeout = Duration.ofSeconds(10);
        System.out.println("probe: " + (OptionalDependency.isPresent(OptionalDependency.JUNIXSOCKET_PROBE,
                NoJunixsocketMain.class.getClassLoader()) ? "present" : "absent"));
        try {
            Transports.open(Dial.unix("@kp-no-junixsocket"), timeout).close();
            System.out.println("abstract: connected?!");
        } catch (RuntimeException | LinkageError e) {
            System.out.println("abstract: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Path socket = Path.of(args[0]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Transport t = Transports.open(Dial.unix(socket.toString()), timeout);
            System.out.println("path: connected");
            t.close();
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress a = (InetSocketAddress) server.getLocalSocketAddress();
            Transport t = Transports.open(Dial.tcp("127.0.0.1:" + a.getPort()), timeout);
            System.out.println("tcp: connected");
            t.close();
        }
    }
}
