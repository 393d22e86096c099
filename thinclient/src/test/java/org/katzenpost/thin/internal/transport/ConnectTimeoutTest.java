package org.katzenpost.thin.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.Dial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Connect timeouts, made hermetic without any non-loopback address: a listener that never accepts and whose
 * accept queue is full. On Linux a TCP SYN to such a listener is dropped (the client retransmits, so its
 * connect hangs), and a blocking Unix-domain connect waits for room in the queue. The queue is filled with
 * throw-away connections until one of them hangs; if none ever does, the test is skipped with that reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_FILLERS = 64;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : toClose) {
            Transports.closeQuietly(c);
        }
    }

    /** Fills the accept queue of {@code dial}'s listener until a connect times out. */
    private void fillBacklog(Dial dial) {
        for (int i = 0; i < MAX_FILLERS; i++) {
            try {
                toClose.add(Transports.open(dial, Duration.ofMillis(300)));
            } catch (DaemonConnectionException e) {
                if (e.getCause() instanceof SocketTimeoutException) {
                    return;
                }
                throw e;
            }
        }
        Assumptions.abort("the kernel kept accepting connections to a listener with a full backlog; "
                + "no hermetic way to make a connect hang here");
    }

    private void assertTimesOut(Dial dial) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Transports.open(dial, TIMEOUT))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessage("cannot connect to kpclientd at " + dial + ": timed out after 500 ms")
                .hasCauseInstanceOf(SocketTimeoutException.class);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).isBetween(400L, 2500L);
    }

    private ServerSocket tcpListener() throws IOException {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        toClose.add(ss);
        return ss;
    }

    @Test
    void tcp() throws IOException {
        Dial dial = Dial.tcp("127.0.0.1:" + tcpListener().getLocalPort());
        fillBacklog(dial);
        assertTimesOut(dial);
    }

    @Test
    void webSocketToABlackholedListener() throws IOException {
        int port = tcpListener().getLocalPort();
        fillBacklog(Dial.tcp("127.0.0.1:" + port));
        assertTimesOut(Dial.ws("ws://127.0.0.1:" + port + "/"));
    }

    @Test
    void webSocketWhoseHandshakeIsNeverAnswered() throws Exception {
        ServerSocket ss = tcpListener();
        Thread acceptor = new Thread(() -> {
            try {
                toClose.add(ss.accept()); // accept, read nothing, answer nothing
            } catch (IOException ignored) {
                // closed by tearDown
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        assertTimesOut(Dial.ws("ws://127.0.0.1:" + ss.getLocalPort() + "/"));
    }

    @Test
    void unixPath() throws IOException {
        Path sock = dir.resolve("full.sock");
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        toClose.add(ss);
        ss.bind(UnixDomainSocketAddress.of(sock), 1);
        Dial dial = Dial.unix(sock.toString());
        fillBacklog(dial);
        assertTimesOut(dial);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void unixAbstract() throws IOException {
        String name = "kp-full-" + UUID.randomUUID();
        AFUNIXServerSocket ss = AFUNIXServerSocket.newInstance();
        toClose.add(ss);
        ss.bind(AFUNIXSocketAddress.inAbstractNamespace(name), 1);
        Dial dial = Dial.unix("@" + name);
        fillBacklog(dial);
        assertTimesOut(dial);
    }

    @Test
    void aConnectThatSucceedsIsNotClosedByTheTimer() throws Exception {
        ServerSocket ss = tcpListener();
        Path sock = dir.resolve("ok.sock");
        ServerSocketChannel us = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        toClose.add(us);
        us.bind(UnixDomainSocketAddress.of(sock));
        for (Dial dial : List.of(Dial.tcp("127.0.0.1:" + ss.getLocalPort()), Dial.unix(sock.toString()))) {
            // the time itself is the behaviour here: a connect that succeeded is still open once its timeout
            // has passed. 1 s, so that a loaded machine does not miss the connect itself
            Transport t = Transports.open(dial, Duration.ofSeconds(1));
            toClose.add(t);
            Thread.sleep(2000); // well past the timeout, even if its timer runs late
            t.output().write(1);
            t.output().flush();
        }
        try (Socket s = ss.accept()) {
            assertThat(s.getInputStream().read()).isEqualTo(1);
        }
    }
}
