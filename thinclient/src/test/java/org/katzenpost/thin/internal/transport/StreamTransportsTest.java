package org.katzenpost.thin.internal.transport;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.OneFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * TCP and Unix-domain transports against plain JDK / junixsocket servers. The full matrix against the
 * simulator's endpoints is in the testkit module.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamTransportsTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stream-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    /** A server end: the test's own streams for one accepted connection. */
    private record ServerEnd(InputStream in, OutputStream out, AutoCloseable closer) {}

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Echo one frame, then a second server-originated frame; checks the client side of both. */
    private void echoExchange(Transport t, ServerEnd s) throws Exception {
        byte[] up = random(5 * 1024 * 1024, 1);
        byte[] down = random(3 * 1024 * 1024, 2);
        Future<?> server = pool.submit(() -> {
            byte[] got = OneFrame.read(s.in());
            Frames.write(s.out(), got);
            Frames.write(s.out(), down);
            return null;
        });
        Frames.write(t.output(), up);
        assertThat(OneFrame.read(t.input())).isEqualTo(up);
        assertThat(OneFrame.read(t.input())).isEqualTo(down);
        server.get(10, TimeUnit.SECONDS);
    }

    /** The JDK 17 Channels-stream deadlock: a reader blocked first must not hold up a writer. */
    private void readerBlockedFirstDoesNotBlockWriter(Transport t, ServerEnd s) throws Exception {
        Future<byte[]> reader = pool.submit(() -> OneFrame.read(t.input()));
        // the reader is waiting (still waiting 200 ms on, so it has blocked in the read) before anything is written
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
        Future<?> server = pool.submit(() -> {
            Frames.write(s.out(), OneFrame.read(s.in()));
            return null;
        });
        Future<?> writer = pool.submit(() -> {
            Frames.write(t.output(), new byte[] {1, 2, 3});
            return null;
        });
        writer.get(5, TimeUnit.SECONDS);
        assertThat(reader.get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        server.get(5, TimeUnit.SECONDS);
    }

    private void closeUnblocksReader(Transport t) throws Exception {
        Future<Object> reader = pool.submit(() -> {
            try {
                return t.input().read();
            } catch (IOException e) {
                return e;
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
        t.close();
        Object r = reader.get(2, TimeUnit.SECONDS);
        assertThat(r).satisfiesAnyOf(x -> assertThat(x).isInstanceOf(IOException.class),
                x -> assertThat(x).isEqualTo(-1));
        t.close(); // idempotent
    }

    private void runAll(Dial dial, java.util.concurrent.Callable<ServerEnd> acceptor) throws Exception {
        for (int round = 0; round < 3; round++) {
            Future<ServerEnd> accepted = pool.submit(acceptor);
            Transport t = Transports.open(dial, CONNECT);
            ServerEnd s = accepted.get(5, TimeUnit.SECONDS);
            try {
                assertThat(t.describe()).isEqualTo(dial.toString());
                switch (round) {
                    case 0 -> echoExchange(t, s);
                    case 1 -> readerBlockedFirstDoesNotBlockWriter(t, s);
                    default -> closeUnblocksReader(t);
                }
            } finally {
                t.close();
                s.closer().close();
            }
        }
    }

    // ---- TCP

    @Test
    void tcp() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            runAll(Dial.tcp("127.0.0.1:" + ss.getLocalPort()), () -> {
                Socket s = ss.accept();
                return new ServerEnd(s.getInputStream(), s.getOutputStream(), s);
            });
        }
    }

    @Test
    void tcpSetsNoDelay() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                Transport t = Transports.open(Dial.tcp("127.0.0.1:" + ss.getLocalPort()), CONNECT)) {
            assertThat(((SocketTransport) t).socket().getTcpNoDelay()).isTrue();
            ss.accept().close();
        }
    }

    @Test
    void tcp4AndTcp6SelectTheAddressFamily() throws Exception {
        assertThat(Transports.resolve(Dial.tcp("127.0.0.1:1", "tcp4"))).allMatch(a -> a instanceof Inet4Address);
        assertThat(Transports.resolve(Dial.tcp("[::1]:1", "tcp6"))).allMatch(a -> a instanceof Inet6Address);
        assertThat(Transports.resolve(Dial.tcp(":1", "tcp6"))).containsExactly(InetAddress.getByName("::1"));
        assertThat(Transports.resolve(Dial.tcp(":1", "tcp4"))).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> Transports.open(Dial.tcp("127.0.0.1:1", "tcp6"), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageContaining("tcp6 127.0.0.1:1")
                .hasMessageContaining("no IPv6 address");
        assertThatThrownBy(() -> Transports.open(Dial.tcp("[::1]:1", "tcp4"), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageContaining("no IPv4 address");
        // "localhost" with tcp4 reaches an IPv4-only listener
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                Transport t = Transports.open(Dial.tcp("localhost:" + ss.getLocalPort(), "tcp4"), CONNECT)) {
            assertThat(((SocketTransport) t).socket().getInetAddress()).isInstanceOf(Inet4Address.class);
            ss.accept().close();
        }
    }

    @Test
    void tcp6OverIpv6Loopback() throws Exception {
        ServerSocket ss;
        try {
            ss = new ServerSocket(0, 50, InetAddress.getByName("::1"));
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback on this machine: " + e);
            return;
        }
        try (ss; Transport t = Transports.open(Dial.tcp("[::1]:" + ss.getLocalPort(), "tcp6"), CONNECT);
                Socket s = ss.accept()) {
            Frames.write(t.output(), new byte[] {7});
            assertThat(OneFrame.read(s.getInputStream())).containsExactly(7);
        }
    }

    @Test
    void tcpRefusedNamesTheAddress() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        assertThatThrownBy(() -> Transports.open(Dial.tcp("127.0.0.1:" + port), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessage("cannot connect to kpclientd at tcp 127.0.0.1:" + port + ": Connection refused");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> Transports.open(Dial.tcp("127.0.0.1:1"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transports.open(Dial.tcp("127.0.0.1:1"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- Unix path (JDK server)

    @Test
    void unixPath() throws Exception {
        Path sock = dir.resolve("kp.sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(sock));
            runAll(Dial.unix(sock.toString()), () -> {
                SocketChannel c = ss.accept();
                // a separate reader and writer on the server side would deadlock with Channels streams too,
                // but these tests use the server streams from one thread at a time
                return new ServerEnd(Channels.newInputStream(c), Channels.newOutputStream(c), c);
            });
        }
    }

    @Test
    void unixPathMissingNamesTheAddress() {
        Path sock = dir.resolve("absent.sock");
        assertThatThrownBy(() -> Transports.open(Dial.unix(sock.toString()), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageStartingWith("cannot connect to kpclientd at unix " + sock + ": ")
                .hasMessageContaining("No such file");
    }

    @Test
    void unixPathThatIsNotASocketIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> Transports.open(Dial.unix(file.toString()), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageStartingWith("cannot connect to kpclientd at unix " + file + ": ")
                .hasMessageContaining("refused");
    }

    // ---- Unix abstract (junixsocket server)

    @Test
    @EnabledOnOs(OS.LINUX)
    void unixAbstract() throws Exception {
        String name = "kp-test-" + UUID.randomUUID();
        try (AFUNIXServerSocket ss = AFUNIXServerSocket.newInstance()) {
            ss.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
            runAll(Dial.unix("@" + name), () -> {
                Socket s = ss.accept();
                return new ServerEnd(s.getInputStream(), s.getOutputStream(), s);
            });
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void unixAbstractUnboundNamesTheAddress() {
        String name = "kp-test-nobody-" + UUID.randomUUID();
        assertThatThrownBy(() -> Transports.open(Dial.unix("@" + name), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageStartingWith("cannot connect to kpclientd at unix @" + name + ": ")
                .hasMessageContaining("refused");
    }
}
