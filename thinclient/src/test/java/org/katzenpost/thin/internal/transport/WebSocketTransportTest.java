package org.katzenpost.thin.internal.transport;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.OneFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK WebSocket transport against a hand-driven server that controls every frame. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebSocketTransportTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    private RawWebSocketServer server;
    private ExecutorService pool;

    @BeforeEach
    void setUp() throws IOException {
        server = new RawWebSocketServer();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ws-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws IOException {
        pool.shutdownNow();
        server.close();
    }

    private record Pair(Transport client, RawWebSocketServer.Peer peer) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            peer.close();
        }
    }

    private Pair connect() throws Exception {
        Future<RawWebSocketServer.Peer> peer = pool.submit(server::accept);
        Transport t = Transports.open(Dial.ws(server.url()), CONNECT);
        return new Pair(t, peer.get(10, TimeUnit.SECONDS));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] frame(byte[] body) {
        byte[] f = new byte[body.length + 4];
        System.arraycopy(Frames.prefix(body.length), 0, f, 0, 4);
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    @Test
    void handshakeUsesTheUrlPath() throws Exception {
        try (Pair p = connect()) {
            assertThat(p.peer().requestLine).startsWith("GET /any/path ");
            assertThat(p.client().describe()).isEqualTo("websocket " + server.url());
        }
    }

    @Test
    void theQueryReachesTheDaemonButNotTheDescription() throws Exception {
        Future<RawWebSocketServer.Peer> peer = pool.submit(server::accept);
        Transport t = Transports.open(Dial.ws(server.url() + "?token=s3cret"), CONNECT);
        try (Pair p = new Pair(t, peer.get(10, TimeUnit.SECONDS))) {
            assertThat(p.peer().requestLine).startsWith("GET /any/path?token=s3cret ");
            // the description is what the handshake logs at INFO and puts in its exceptions
            assertThat(p.client().describe()).isEqualTo("websocket " + server.url() + "?\u2026");
        }
    }

    @Test
    void messageBoundariesCarryNoMeaning() throws Exception {
        byte[] a = random(1000, 1);
        byte[] b = random(200_000, 2);
        byte[] c = random(10, 3);
        try (Pair p = connect()) {
            RawWebSocketServer.Peer s = p.peer();
            byte[] fa = frame(a);
            // daemon style: prefix and body as two messages
            s.sendBinary(Arrays.copyOfRange(fa, 0, 4));
            s.sendBinary(Arrays.copyOfRange(fa, 4, fa.length));
            // prefix split 1+3, body as one fragmented message of 3 frames, the last carrying the next prefix
            byte[] fb = frame(b);
            byte[] fc = frame(c);
            s.sendBinary(Arrays.copyOfRange(fb, 0, 1));
            s.sendBinary(Arrays.copyOfRange(fb, 1, 4));
            s.send(false, RawWebSocketServer.OP_BINARY, Arrays.copyOfRange(fb, 4, 70_000));
            s.send(false, RawWebSocketServer.OP_CONT, Arrays.copyOfRange(fb, 70_000, 150_000));
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            tail.write(fb, 150_000, fb.length - 150_000);
            tail.write(fc, 0, 2);
            s.send(true, RawWebSocketServer.OP_CONT, tail.toByteArray());
            s.send(true, RawWebSocketServer.OP_BINARY, new byte[0]); // empty message
            s.sendBinary(Arrays.copyOfRange(fc, 2, fc.length));

            assertThat(OneFrame.read(p.client().input())).isEqualTo(a);
            assertThat(OneFrame.read(p.client().input())).isEqualTo(b);
            assertThat(OneFrame.read(p.client().input())).isEqualTo(c);
        }
    }

    @Test
    void eachFlushedFrameIsOneBinaryMessage() throws Exception {
        byte[] small = random(100, 4);
        byte[] big = random(5 * 1024 * 1024, 5);
        try (Pair p = connect()) {
            Frames.write(p.client().output(), small);
            RawWebSocketServer.Frame f = p.peer().read();
            assertThat(f.opcode()).isEqualTo(RawWebSocketServer.OP_BINARY);
            assertThat(f.fin()).isTrue();
            assertThat(f.payload()).isEqualTo(frame(small));

            Future<?> w = pool.submit(() -> {
                Frames.write(p.client().output(), big);
                return null;
            });
            assertThat(p.peer().readMessage()).isEqualTo(frame(big));
            w.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pingIsAnsweredAndTheStreamGoesOn() throws Exception {
        try (Pair p = connect()) {
            p.peer().send(true, RawWebSocketServer.OP_PING, "hi".getBytes(StandardCharsets.UTF_8));
            p.peer().sendBinary(frame(new byte[] {1, 2, 3}));
            assertThat(OneFrame.read(p.client().input())).containsExactly(1, 2, 3);
            RawWebSocketServer.Frame pong = p.peer().read();
            assertThat(pong.opcode()).isEqualTo(RawWebSocketServer.OP_PONG);
            assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
        }
    }

    @Test
    void textMessageIsAnErrorForTheReader() throws Exception {
        try (Pair p = connect()) {
            p.peer().send(true, RawWebSocketServer.OP_TEXT, "{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> p.client().input().read())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("text");
            // and the client closes the connection (1000: the JDK refuses to send 1003)
            RawWebSocketServer.Frame close = p.peer().read();
            assertThat(close.opcode()).isEqualTo(RawWebSocketServer.OP_CLOSE);
            assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(1000);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                    .contains("unsupported data");
        }
    }

    @Test
    void peerCloseIsEndOfStreamAfterTheBufferedBytes() throws Exception {
        try (Pair p = connect()) {
            p.peer().sendBinary(frame(new byte[] {9}));
            p.peer().send(true, RawWebSocketServer.OP_CLOSE, new byte[] {0x03, (byte) 0xE8});
            assertThat(OneFrame.read(p.client().input())).containsExactly(9);
            assertThat(OneFrame.read(p.client().input())).isNull();
        }
    }

    @Test
    void abruptDisconnectEndsTheReader() throws Exception {
        try (Pair p = connect()) {
            Future<Object> reader = pool.submit(() -> {
                try {
                    return p.client().input().read();
                } catch (IOException e) {
                    return e;
                }
            });
            // the reader is waiting (still waiting 100 ms on) before the peer closes
            await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
            p.peer().close();
            Object r = reader.get(10, TimeUnit.SECONDS);
            assertThat(r).satisfiesAnyOf(x -> assertThat(x).isEqualTo(-1), x -> assertThat(x).isInstanceOf(IOException.class));
        }
    }

    @Test
    void closeUnblocksTheReaderAndSendsAClose() throws Exception {
        try (Pair p = connect()) {
            Future<Object> reader = pool.submit(() -> {
                try {
                    return p.client().input().read();
                } catch (IOException e) {
                    return e;
                }
            });
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
            long t0 = System.nanoTime();
            p.client().close();
            assertThat(reader.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
            RawWebSocketServer.Frame close = p.peer().read();
            assertThat(close.opcode()).isEqualTo(RawWebSocketServer.OP_CLOSE);
            assertThatThrownBy(() -> p.client().output().write(1)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void closeUnblocksAWriterTheServerDoesNotRead() throws Exception {
        try (Pair p = connect()) {
            Future<Object> writer = pool.submit(() -> {
                try {
                    OutputStream out = p.client().output();
                    byte[] chunk = new byte[1 << 20];
                    for (int i = 0; i < 256; i++) { // far more than the socket buffers hold
                        out.write(chunk);
                    }
                    out.flush();
                    return "finished";
                } catch (IOException e) {
                    return e;
                }
            });
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> !writer.isDone());
            p.client().close();
            assertThat(writer.get(3, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBurstTheReaderDoesNotDrainStaysBounded() throws Exception {
        int total = Frames.MAX_FRAME_LENGTH;
        byte[] body = random(total, 6);
        try (Pair p = connect()) {
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    // one frame as one 40 MiB WebSocket message, written in pieces so progress is visible
                    byte[] f = frame(body);
                    ByteArrayOutputStream header = new ByteArrayOutputStream();
                    header.write(0x82);
                    header.write(127);
                    for (int i = 7; i >= 0; i--) {
                        header.write((int) ((long) f.length >>> (8 * i)));
                    }
                    p.peer().out.write(header.toByteArray());
                    for (int off = 0; off < f.length; off += 65536) {
                        int n = Math.min(65536, f.length - off);
                        p.peer().out.write(f, off, n);
                        sent.addAndGet(n);
                    }
                    p.peer().out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, pool);
            WebSocketTransport ws = (WebSocketTransport) p.client();
            // the bound holds at every moment while the sender pushes and nobody reads (the maximum seen, so
            // that a breach stays a failure)
            AtomicLong maxBuffered = new AtomicLong();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(maxBuffered.accumulateAndGet(ws.buffered(), Math::max))
                        .isLessThanOrEqualTo(WebSocketTransport.HIGH_WATER + 512 * 1024);
                assertThat(sent.get()).as("the sender must be held back").isLessThan(total / 2);
                assertThat(sender).isNotDone();
            });
            assertThat(OneFrame.read(p.client().input())).isEqualTo(body);
            sender.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusedConnectNamesTheAddress() throws Exception {
        String url = server.url();
        server.close();
        assertThatThrownBy(() -> Transports.open(Dial.ws(url), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageStartingWith("cannot connect to kpclientd at websocket " + url + ": ")
                .hasMessageContaining("refused");
    }

    @Test
    void aRefusedConnectDoesNotShowTheQuery() throws Exception {
        String url = server.url();
        server.close();
        assertThatThrownBy(() -> Transports.open(Dial.ws(url + "?token=s3cret"), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageStartingWith("cannot connect to kpclientd at websocket " + url + "?\u2026: ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void stalledHandshakeHonoursTheTimeout() throws Exception {
        Future<Socket> silent = pool.submit(server::acceptSilently);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Transports.open(Dial.ws(server.url()), Duration.ofMillis(500)))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("timed out after 500 ms");
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(2000));
        silent.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void rejectedHandshakeNamesTheStatus() throws Exception {
        Future<?> rejecter = pool.submit(() -> {
            try (Socket s = server.acceptSilently()) {
                byte[] buf = new byte[4096];
                s.getInputStream().read(buf); // the request (small enough for one read in practice)
                s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                Thread.sleep(500); // the behaviour under test: the server keeps the socket open after its 404
            }
            return null;
        });
        assertThatThrownBy(() -> Transports.open(Dial.ws(server.url()), CONNECT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageContaining("404");
        rejecter.get(5, TimeUnit.SECONDS);
    }
}
