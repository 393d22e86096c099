package org.katzenpost.testkit.net;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.transport.Transport;
import org.katzenpost.thin.internal.transport.Transports;
import org.katzenpost.thin.internal.wire.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every client transport against the simulator endpoint of the same kind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransportMatrixTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final int FIVE_MIB = 5 * 1024 * 1024;

    enum Kind { TCP, UNIX_PATH, UNIX_ABSTRACT, WEBSOCKET }

    @TempDir
    Path dir;

    private ExecutorService pool;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "matrix-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        pool.shutdownNow();
    }

    static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    private Endpoint endpoint(Kind kind) throws IOException {
        Endpoint e = switch (kind) {
            case TCP -> Endpoints.tcp(0);
            case UNIX_PATH -> Endpoints.unixPath(dir.resolve("kp.sock"));
            case UNIX_ABSTRACT -> {
                assumeTrue(linux(), "abstract Unix sockets exist on Linux only");
                yield Endpoints.abstractUnix("kp-matrix-" + UUID.randomUUID());
            }
            case WEBSOCKET -> Endpoints.webSocket(0);
        };
        toClose.add(e);
        return e;
    }

    private record Pair(Transport client, Connection server) {}

    private Pair connect(Endpoint e) throws Exception {
        Future<Connection> accepted = pool.submit(e::accept);
        Transport t = Transports.open(e.dial(), CONNECT);
        toClose.add(t);
        Connection c = accepted.get(10, TimeUnit.SECONDS);
        toClose.add(c);
        return new Pair(t, c);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dialDescribesTheEndpoint(Kind kind) throws Exception {
        Endpoint e = endpoint(kind);
        Pair p = connect(e);
        assertThat(p.client().describe()).isEqualTo(e.dial().toString());
        switch (kind) {
            case TCP -> assertThat(e.dial()).isInstanceOf(Dial.Tcp.class);
            case UNIX_PATH -> assertThat(((Dial.Unix) e.dial()).isAbstract()).isFalse();
            case UNIX_ABSTRACT -> assertThat(((Dial.Unix) e.dial()).isAbstract()).isTrue();
            case WEBSOCKET -> assertThat(e.dial()).isInstanceOf(Dial.Ws.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fiveMiBFrameBothWays(Kind kind) throws Exception {
        Pair p = connect(endpoint(kind));
        byte[] up = random(FIVE_MIB, 1);
        byte[] down = random(FIVE_MIB, 2);
        Future<byte[]> server = pool.submit(() -> {
            byte[] got = OneFrame.read(p.server().input());
            Frames.write(p.server().output(), down);
            return got;
        });
        Frames.write(p.client().output(), up);
        assertThat(OneFrame.read(p.client().input())).isEqualTo(down);
        assertThat(server.get(20, TimeUnit.SECONDS)).isEqualTo(up);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void concurrentReadAndWriteOnBothSides(Kind kind) throws Exception {
        Pair p = connect(endpoint(kind));
        int frames = 12;
        // both sides write a lot at the same time: without concurrent read and write this would stall
        Future<?> serverWriter = pool.submit(() -> {
            for (int i = 0; i < frames; i++) {
                Frames.write(p.server().output(), random(i == 5 ? FIVE_MIB : 700_000, 100 + i));
            }
            return null;
        });
        Future<?> serverReader = pool.submit(() -> {
            for (int i = 0; i < frames; i++) {
                assertThat(OneFrame.read(p.server().input())).isEqualTo(random(i == 7 ? FIVE_MIB : 600_000, 200 + i));
            }
            return null;
        });
        Future<?> clientReader = pool.submit(() -> {
            for (int i = 0; i < frames; i++) {
                assertThat(OneFrame.read(p.client().input())).isEqualTo(random(i == 5 ? FIVE_MIB : 700_000, 100 + i));
            }
            return null;
        });
        for (int i = 0; i < frames; i++) {
            Frames.write(p.client().output(), random(i == 7 ? FIVE_MIB : 600_000, 200 + i));
        }
        serverWriter.get(30, TimeUnit.SECONDS);
        serverReader.get(30, TimeUnit.SECONDS);
        clientReader.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBlockedReaderDoesNotHoldUpTheWriter(Kind kind) throws Exception {
        Pair p = connect(endpoint(kind));
        Future<byte[]> reader = pool.submit(() -> OneFrame.read(p.client().input()));
        // the reader is waiting (still waiting 200 ms on) before anything is written
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
        Future<?> echo = pool.submit(() -> {
            Frames.write(p.server().output(), OneFrame.read(p.server().input()));
            return null;
        });
        Future<?> writer = pool.submit(() -> {
            Frames.write(p.client().output(), new byte[] {4, 5, 6});
            return null;
        });
        writer.get(5, TimeUnit.SECONDS);
        assertThat(reader.get(5, TimeUnit.SECONDS)).containsExactly(4, 5, 6);
        echo.get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeUnblocksABlockedReader(Kind kind) throws Exception {
        Pair p = connect(endpoint(kind));
        Future<Object> clientReader = pool.submit(() -> readOutcome(p.client().input()));
        Future<Object> serverReader = pool.submit(() -> readOutcome(p.server().input()));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !clientReader.isDone());
        long t0 = System.nanoTime();
        p.client().close();
        // IOException, or end of stream for junixsocket (abstract Unix)
        assertThat(clientReader.get(2, TimeUnit.SECONDS)).satisfiesAnyOf(
                r -> assertThat(r).isEqualTo(-1), r -> assertThat(r).isInstanceOf(IOException.class));
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
        // the server sees the client go away: end of stream (or a reset)
        assertThat(serverReader.get(5, TimeUnit.SECONDS)).satisfiesAnyOf(
                r -> assertThat(r).isEqualTo(-1), r -> assertThat(r).isInstanceOf(IOException.class));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void serverCloseIsEndOfStreamAfterTheLastFrame(Kind kind) throws Exception {
        Pair p = connect(endpoint(kind));
        Frames.write(p.server().output(), new byte[] {1});
        p.server().close();
        assertThat(OneFrame.read(p.client().input())).containsExactly(1);
        assertThat(OneFrame.read(p.client().input())).isNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void serverCloseUnblocksTheServerReader(Kind kind) throws Exception {
        Pair p = connect(endpoint(kind));
        Future<Object> serverReader = pool.submit(() -> readOutcome(p.server().input()));
        // the reader is waiting (still waiting 200 ms on) before the close
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !serverReader.isDone());
        p.server().close();
        assertThat(serverReader.get(2, TimeUnit.SECONDS)).satisfiesAnyOf(
                r -> assertThat(r).isEqualTo(-1), r -> assertThat(r).isInstanceOf(IOException.class));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoClientsAtOnce(Kind kind) throws Exception {
        Endpoint e = endpoint(kind);
        Pair a = connect(e);
        Pair b = connect(e);
        Frames.write(a.client().output(), new byte[] {'a'});
        Frames.write(b.client().output(), new byte[] {'b'});
        assertThat(OneFrame.read(b.server().input())).containsExactly('b');
        assertThat(OneFrame.read(a.server().input())).containsExactly('a');
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectingToNothingNamesTheAddressWithinTheTimeout(Kind kind) throws Exception {
        Endpoint e = endpoint(kind);
        Dial dial = e.dial();
        e.close();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Transports.open(dial, Duration.ofSeconds(2)))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageStartingWith("cannot connect to kpclientd at " + dial + ": ")
                .hasMessageContaining(dial.address());
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(2500));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingTheEndpointUnblocksAccept(Kind kind) throws Exception {
        Endpoint e = endpoint(kind);
        Future<Object> acceptor = pool.submit(() -> {
            try {
                return e.accept();
            } catch (IOException ex) {
                return ex;
            }
        });
        // accept() is waiting (still waiting 200 ms on) before the close
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !acceptor.isDone());
        e.close();
        assertThat(acceptor.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    private static Object readOutcome(java.io.InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return e;
        }
    }
}
