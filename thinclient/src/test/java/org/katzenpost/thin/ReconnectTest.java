package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.event.ReconnectingEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.QueryRequest;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;

/** The client reconnects by itself, presents the same token, and re-issues what the daemon lost. */
class ReconnectTest {

    private static ThinClientConfig.Builder fastReconnect(ScriptedDaemon d) {
        return d.config().reconnect(true).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    @Test
    void sameDaemonResumesSessionAndLocalRequestsAreResent() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        List<byte[]> tokens = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
        ScriptedDaemon.Script script = p -> {
            int n = connection.incrementAndGet();
            p.status(true);
            p.emptyDocument();
            tokens.add(((Requests.SessionToken) p.receive()).clientInstanceToken());
            p.send(new Responses.SessionTokenReply(new byte[16], n > 1));
            Request r = p.receive();
            log.add(n + ":" + r.wireKey());
            if (n == 1) {
                p.close(); // the reply to this request is lost with the connection
                return;
            }
            p.send(new Responses.GetDirectoryAuthoritiesReply(((QueryRequest) r).queryId(), List.of(), 0));
            p.receive();
        };
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (ScriptedDaemon d = new ScriptedDaemon(script);
                ThinClient c = ThinClient.connect(fastReconnect(d).on(ThinClientEvent.class, events::add).build())) {
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(10));
            assertThat(Futures.await(f)).isEqualTo(List.of());
            assertThat(log.poll(1, TimeUnit.SECONDS)).isEqualTo("1:get_directory_authorities");
            assertThat(log.poll(1, TimeUnit.SECONDS)).isEqualTo("2:get_directory_authorities");
            assertThat(tokens).hasSize(2);
            assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
            assertThat(c.isSessionResumed()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof ReconnectedEvent));
            assertThat(events).anyMatch(e -> e instanceof DaemonDisconnectedEvent)
                    .anyMatch(e -> e instanceof ReconnectingEvent)
                    .anyMatch(e -> e instanceof ReconnectedEvent r && r.resumed() && !r.daemonRestarted());
        }
    }

    @Test
    void restartedDaemonGetsInFlightResendsAgainWithTheSameQueryId() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        LinkedBlockingQueue<Request> received = new LinkedBlockingQueue<>();
        ScriptedDaemon.Script script = p -> {
            int n = connection.incrementAndGet();
            byte[] instance = new byte[16];
            instance[0] = (byte) n; // a new daemon process on every connection
            p.status(true, instance);
            p.emptyDocument();
            p.receive();
            p.send(new Responses.SessionTokenReply(new byte[16], false));
            Request r = p.receive();
            received.add(r);
            if (n == 1) {
                p.close();
                return;
            }
            p.send(new Responses.CancelResendingCopyCommandReply(((QueryRequest) r).queryId(), 0));
            p.receive();
        };
        try (ScriptedDaemon d = new ScriptedDaemon(script); ThinClient c = ThinClient.connect(fastReconnect(d).build())) {
            byte[] q = QueryId.random().toBytes();
            CompletableFuture<Responses.CancelResendingCopyCommandReply> f = c.session().call(
                    new Requests.CancelResendingCopyCommand(q, new byte[32]),
                    Responses.CancelResendingCopyCommandReply.class, Duration.ofSeconds(10), Reissue.ON_DAEMON_RESTART);
            assertThat(Futures.await(f).errorCode()).isZero();
            Request first = received.poll(1, TimeUnit.SECONDS);
            Request second = received.poll(1, TimeUnit.SECONDS);
            assertThat(((QueryRequest) first).queryId()).isEqualTo(q);
            assertThat(((QueryRequest) second).queryId()).isEqualTo(q);
        }
    }

    @Test
    void callsMadeWhileDisconnectedWaitAndGoOutAfterReconnecting() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        java.util.concurrent.CountDownLatch firstGone = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ScriptedDaemon.Script script = p -> {
            int n = connection.incrementAndGet();
            if (n == 1) {
                p.handshake(true);
                p.close();
                firstGone.countDown();
                return;
            }
            release.await(); // hold the reconnect until the test has made its call
            p.handshake(true);
            Request r = p.receive();
            p.send(new Responses.GetDirectoryAuthoritiesReply(((QueryRequest) r).queryId(), List.of(), 0));
            p.receive();
        };
        try (ScriptedDaemon d = new ScriptedDaemon(script); ThinClient c = ThinClient.connect(fastReconnect(d).build())) {
            firstGone.await(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> !c.isDaemonConnected());
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(10));
            assertThat(f).isNotDone();
            release.countDown();
            assertThat(Futures.await(f)).isEqualTo(List.of());
        }
    }

    @Test
    void withReconnectionOffCallsAfterTheLossFailAtOnce() throws Exception {
        ScriptedDaemon.Script script = p -> {
            p.handshake(true);
            p.close();
        };
        try (ScriptedDaemon d = new ScriptedDaemon(script); ThinClient c = ThinClient.connect(d.config().build())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isDaemonConnected());
            long t0 = System.nanoTime();
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            assertThat(f).isCompletedExceptionally();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            assertThatThrownBy(f::join).hasCauseInstanceOf(DaemonConnectionException.class)
                    .hasMessageContaining("reconnection is disabled");
        }
    }

    /** A daemon that handshakes and then sends a frame announcing 4 GiB, on every connection. */
    private static ScriptedDaemon.Script oversizedFrameEveryTime(List<Long> acceptedAt) {
        return p -> {
            acceptedAt.add(System.nanoTime());
            p.handshake(true);
            p.announce(0xFFFF_FFFFL);
            p.receive(); // until the client drops us
        };
    }

    @Test
    void repeatedProtocolFailuresBackOffAndTheCallCarriesTheProtocolError() throws Exception {
        List<Long> acceptedAt = new CopyOnWriteArrayList<>();
        List<Duration> delays = new CopyOnWriteArrayList<>();
        // the session's parts log under their package: connect, loss, reconnect
        ch.qos.logback.classic.Logger sessionLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.katzenpost.thin.internal.session.Session.class.getPackageName());
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        sessionLog.addAppender(logged);
        try (ScriptedDaemon d = new ScriptedDaemon(oversizedFrameEveryTime(acceptedAt));
                ThinClient c = ThinClient.connect(d.config().reconnect(true).reconnectJitter(0)
                        .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                        .on(ReconnectingEvent.class, e -> delays.add(e.delay())).build())) {
            CompletableFuture<?> call = c.fetchDirectoryAuthorities(Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> acceptedAt.size() >= 5 && delays.size() >= 4);
            // the first failure starts at the initial delay, each repeat goes on doubling
            assertThat(delays.stream().limit(4).map(Duration::toMillis).toList()).containsExactly(100L, 200L, 400L, 800L);
            for (int i = 0; i + 1 < 5; i++) {
                assertThat(acceptedAt.get(i + 1) - acceptedAt.get(i)).as("connection %d waited its delay", i + 1)
                        .isGreaterThanOrEqualTo(delays.get(i).toNanos());
            }
            await().atMost(Duration.ofSeconds(5)).until(call::isDone);
            assertThatThrownBy(call::join).hasCauseInstanceOf(RequestTimeoutException.class)
                    .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(ProtocolViolationException.class)
                            .hasMessageContaining("exceeds"));
            c.close(); // stop reconnecting before counting
            int connections = acceptedAt.size();
            List<String> lines = logged.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            // the first connect, the first loss and its reconnect as usual; then one line per repeat
            assertThat(lines).as("log lines at INFO and above for %d connections", connections)
                    .hasSizeLessThanOrEqualTo(connections + 2);
            assertThat(lines.stream().filter(l -> l.contains("broke the protocol again")).count())
                    .isGreaterThanOrEqualTo(connections - 2);
        } finally {
            sessionLog.detachAppender(logged);
        }
    }

    @Test
    void withReconnectionOffTheCallInFlightCarriesTheProtocolError() throws Exception {
        List<Long> acceptedAt = new CopyOnWriteArrayList<>();
        try (ScriptedDaemon d = new ScriptedDaemon(oversizedFrameEveryTime(acceptedAt));
                ThinClient c = ThinClient.connect(d.config().build())) {
            CompletableFuture<?> call = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(5)).until(call::isDone);
            assertThatThrownBy(call::join).hasCauseInstanceOf(DaemonConnectionException.class)
                    .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(ProtocolViolationException.class));
        }
    }
}
