package org.katzenpost.thin.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.katzenpost.testkit.internal.wire.RequestDecoder;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.OneFrame;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.WriteCap;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A daemon that completes the handshake and then never reads its socket again (issue 11, item 1), over every
 * stream transport and WebSocket: no caller is held past its own deadline, calls whose frames cannot be written
 * fail with {@link RequestTimeoutException} at their deadlines, a write that stalls drops the connection at the
 * write-stall limit, and {@code close()} returns within its bound and leaves no thread behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NonReadingDaemonTest {
    private static final SphinxGeometry SPHINX = new SphinxGeometry(3082, 5, 476, 410, 82, 494, 2, 32, 2606, 2000,
            33, 32, "x25519", "");
    private static final PigeonholeGeometry PIGEONHOLE = new PigeonholeGeometry(1553, 2000, 2000, 1800, 1800,
            "CTIDH1024-X25519", "Ed25519");
    /** Slack for scheduling on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(2500);

    enum Kind { TCP, UNIX_PATH, UNIX_ABSTRACT, WEBSOCKET }

    @TempDir
    Path dir;

    private final List<Closeable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        for (Closeable c : toClose) {
            try {
                c.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** The server end of one connection: frames in and out, whatever the transport. */
    private interface Peer extends Closeable {
        void send(byte[] body) throws IOException;

        byte[] receive() throws IOException;
    }

    private static final class StreamPeer implements Peer {
        private final InputStream in;
        private final OutputStream out;
        private final Closeable socket;

        StreamPeer(InputStream in, OutputStream out, Closeable socket) {
            this.in = in;
            this.out = out;
            this.socket = socket;
        }

        @Override
        public void send(byte[] body) throws IOException {
            Frames.write(out, body);
        }

        @Override
        public byte[] receive() throws IOException {
            return OneFrame.read(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private interface Acceptor {
        Peer accept() throws IOException;
    }

    private record Daemon(Dial dial, Acceptor acceptor) {}

    private Daemon daemon(Kind kind) throws IOException {
        switch (kind) {
            case TCP -> {
                ServerSocket ss = new ServerSocket();
                ss.setReceiveBufferSize(4096); // fill up early
                ss.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                toClose.add(ss);
                return new Daemon(Dial.tcp("127.0.0.1:" + ss.getLocalPort()), () -> {
                    Socket s = ss.accept();
                    toClose.add(s);
                    return new StreamPeer(s.getInputStream(), s.getOutputStream(), s);
                });
            }
            case UNIX_PATH -> {
                Path sock = dir.resolve("kp.sock");
                ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                ss.bind(UnixDomainSocketAddress.of(sock));
                toClose.add(ss);
                return new Daemon(Dial.unix(sock.toString()), () -> {
                    SocketChannel c = ss.accept();
                    toClose.add(c);
                    return new StreamPeer(Channels.newInputStream(c), Channels.newOutputStream(c), c);
                });
            }
            case UNIX_ABSTRACT -> {
                assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"),
                        "abstract Unix sockets exist on Linux only");
                String name = "kp-stall-" + UUID.randomUUID();
                AFUNIXServerSocket ss = AFUNIXServerSocket.newInstance();
                ss.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
                toClose.add(ss);
                return new Daemon(Dial.unix("@" + name), () -> {
                    Socket s = ss.accept();
                    toClose.add(s);
                    return new StreamPeer(s.getInputStream(), s.getOutputStream(), s);
                });
            }
            case WEBSOCKET -> {
                RawWebSocketServer ws = new RawWebSocketServer();
                toClose.add(ws::close);
                return new Daemon(Dial.ws(ws.url()), () -> {
                    RawWebSocketServer.Peer p = ws.accept();
                    toClose.add(p::close);
                    return new Peer() {
                        @Override
                        public void send(byte[] body) throws IOException {
                            byte[] frame = new byte[4 + body.length];
                            System.arraycopy(Frames.prefix(body.length), 0, frame, 0, 4);
                            System.arraycopy(body, 0, frame, 4, body.length);
                            p.sendBinary(frame);
                        }

                        @Override
                        public byte[] receive() throws IOException {
                            byte[] m = p.readMessage();
                            return m == null ? null : Arrays.copyOfRange(m, 4, m.length);
                        }

                        @Override
                        public void close() throws IOException {
                            p.close();
                        }
                    };
                });
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    /** Accepts one connection, completes the handshake, and from then on never reads (nor closes). */
    private CompletableFuture<Void> handshakeThenStopReading(Daemon d) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Peer p = d.acceptor().accept();
                WireCodec codec = new WireCodec();
                p.send(ResponseEncoder.encode(new Responses.ConnectionStatusFrame(true, new byte[16], SPHINX,
                        PIGEONHOLE)));
                p.send(ResponseEncoder.encode(new Responses.NewPkiDocumentFrame(null)));
                Request token = RequestDecoder.decode(p.receive());
                assertThat(token).isInstanceOf(Requests.SessionToken.class);
                p.send(ResponseEncoder.encode(new Responses.SessionTokenReply(new byte[16], false)));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "non-reading-daemon");
        t.setDaemon(true);
        t.start();
        return done;
    }

    private static Set<Thread> sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("katzenpost-thin-\\d+-.*") && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(0, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("not done", e);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void callsFailAtTheirOwnDeadlinesAndCloseIsBounded(Kind kind) throws Exception {
        Daemon d = daemon(kind);
        CompletableFuture<Void> handshaken = handshakeThenStopReading(d);
        Set<Thread> before = sessionThreads();
        ThinClient client = ThinClient.connect(ThinClientConfig.builder().dial(d.dial()).reconnect(false).build());
        handshaken.get(10, TimeUnit.SECONDS);
        PigeonholeClient ph = client.pigeonhole();

        // 10 MB that the daemon never reads, with a 5 s deadline
        long t0 = System.nanoTime();
        CompletableFuture<?> big = ph.withTimeout(Duration.ofSeconds(5)).createCourierEnvelopesFromPayload(new byte[10 * 1024 * 1024],
                WriteCap.of(new byte[WriteCap.LENGTH]), MessageBoxIndex.of(new byte[MessageBoxIndex.LENGTH]), true,
                true);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the call returns without waiting for the socket")
                .isLessThan(Duration.ofSeconds(5).minus(SLACK)); // well before the call's own 5 s deadline

        // then many small calls with short deadlines, made while the big frame is stuck
        List<CompletableFuture<?>> small = new ArrayList<>();
        List<Long> madeAt = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            madeAt.add(System.nanoTime());
            small.add(client.fetchDirectoryAuthorities(Duration.ofMillis(300 + 10 * i)));
        }
        List<CompletableFuture<Long>> finished = new ArrayList<>();
        for (CompletableFuture<?> f : small) {
            finished.add(f.handle((r, e) -> System.nanoTime()));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no call waits behind the stuck write")
                .isLessThan(Duration.ofSeconds(5).minus(SLACK)); // the stuck write's deadline is 5 s
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.stream().allMatch(CompletableFuture::isDone));
        for (int i = 0; i < 50; i++) {
            assertThat(failure(small.get(i))).as("small call %d", i).isInstanceOf(RequestTimeoutException.class);
            Duration took = Duration.ofNanos(finished.get(i).join() - madeAt.get(i));
            assertThat(took).as("small call %d fails at its own deadline", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300 + 10 * i))
                    .isLessThan(Duration.ofMillis(300 + 10 * i).plus(SLACK));
        }
        await().atMost(Duration.ofSeconds(5).plus(SLACK)).until(big::isDone);
        Duration bigTook = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(failure(big)).isInstanceOf(RequestTimeoutException.class);
        assertThat(bigTook).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(client.isDaemonConnected()).as("within the write-stall limit the connection stays").isTrue();

        long c0 = System.nanoTime();
        client.close();
        Duration closeTook = Duration.ofNanos(System.nanoTime() - c0);
        assertThat(closeTook).as("close() with a daemon that never reads")
                .isLessThan(ThinClientConfig.DEFAULT_CLOSE_TIMEOUT.plus(SLACK));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Set<Thread> left = sessionThreads();
            left.removeAll(before);
            assertThat(left).as("threads left behind by close()").isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWriteThatStallsPastTheLimitDropsTheConnection(Kind kind) throws Exception {
        Daemon d = daemon(kind);
        CompletableFuture<Void> handshaken = handshakeThenStopReading(d);
        Duration stall = Duration.ofSeconds(1);
        ThinClient client = ThinClient.connect(ThinClientConfig.builder().dial(d.dial()).reconnect(false)
                .writeStallTimeout(stall).build());
        try (EventSubscription<DaemonDisconnectedEvent> lost = client.subscribe(DaemonDisconnectedEvent.class)) {
            handshaken.get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            CompletableFuture<?> big = client.pigeonhole().withTimeout(Duration.ofSeconds(60)).createCourierEnvelopesFromPayload(
                    new byte[10 * 1024 * 1024], WriteCap.of(new byte[WriteCap.LENGTH]),
                    MessageBoxIndex.of(new byte[MessageBoxIndex.LENGTH]), true, true);
            DaemonDisconnectedEvent e = lost.poll(Duration.ofSeconds(10)).orElseThrow();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(e.reason()).contains("write-stall limit");
            assertThat(took).isGreaterThanOrEqualTo(stall).isLessThan(stall.plus(SLACK).plus(SLACK));
            assertThat(client.isDaemonConnected()).isFalse();
            await().atMost(Duration.ofSeconds(2)).until(big::isDone);
            assertThat(failure(big)).isInstanceOf(org.katzenpost.thin.DaemonConnectionException.class);
            // reconnection is off: a later call fails at once
            CompletableFuture<?> after = client.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            assertThat(after).isCompletedExceptionally();
            assertThat(failure(after)).isInstanceOf(org.katzenpost.thin.DaemonConnectionException.class);
        } finally {
            client.close();
        }
    }
}
