package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.ConnectionScript;
import org.katzenpost.testkit.HandshakeStep;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.event.ReconnectingEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.pigeonhole.Voucher;
import org.katzenpost.thin.stats.RequestKind;

/** The client reconnects by itself, presents the same token, and re-issues what the daemon lost. */
class ReconnectTest {

    private static final Duration T = Duration.ofSeconds(5);

    private static ThinClientConfig.Builder config(KpclientdSimulator d) {
        return d.thinClientConfigBuilder().reconnect(false);
    }

    private static ThinClientConfig.Builder fastReconnect(KpclientdSimulator d) {
        return config(d).reconnect(true).reconnectDelay(
                ReconnectDelay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    @Test
    void sameDaemonResumesSessionAndLocalRequestsAreResent() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(fastReconnect(d).on(ThinClientEvent.class, events::add).build())) {
            // the reply to the first request is lost with the connection
            d.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.DISCONNECT_AFTER_REQUEST);
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(10));
            assertThat((List<?>) Futures.await(f)).isNotEmpty();
            assertThat(d.requests(RequestKind.GET_DIRECTORY_AUTHORITIES)).extracting(RecordedRequest::connectionId)
                    .containsExactly(1L, 2L);
            assertThat(d.connectionCount()).isEqualTo(2);
            // the simulator resumes a session only for the same token: the second connection (the one open now)
            // presented the first's
            assertThat(d.connections()).singleElement().satisfies(sc -> assertThat(sc.resumed()).contains(true));
            assertThat(c.isSessionResumed()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof ReconnectedEvent));
            assertThat(events).anyMatch(e -> e instanceof DaemonDisconnectedEvent)
                    .anyMatch(e -> e instanceof ReconnectingEvent)
                    .anyMatch(e -> e instanceof ReconnectedEvent r && r.resumed() && !r.daemonRestarted());
        }
    }

    @Test
    void restartedDaemonGetsInFlightResendsAgainWithTheSameQueryId() throws Exception {
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(fastReconnect(d).build())) {
            d.whenNext(RequestKind.CANCEL_RESENDING_COPY_COMMAND, SocketPolicy.NO_RESPONSE);
            byte[] q = QueryId.random().toBytes();
            CompletableFuture<ResendMessages.CancelResendingCopyCommandReply> f = SessionAccess.of(c).call(
                    new ResendMessages.CancelResendingCopyCommand(q, new byte[32]),
                    ResendMessages.CancelResendingCopyCommandReply.class, Duration.ofSeconds(10),
                    Reissue.ON_DAEMON_RESTART);
            assertThat(d.awaitRequest(RequestKind.CANCEL_RESENDING_COPY_COMMAND, T)).isNotNull();
            d.restart(); // a new daemon process: new instance token, the first request lost with it
            assertThat(Futures.await(f).errorCode()).isZero();
            assertThat(d.requests(RequestKind.CANCEL_RESENDING_COPY_COMMAND))
                    .extracting(r -> r.queryId().toBytes()).containsExactly(q, q);
        }
    }

    @Test
    void callsMadeWhileDisconnectedWaitAndGoOutAfterReconnecting() throws Exception {
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(fastReconnect(d).build())) {
            d.stop(false); // the connection drops, and reconnects are refused until start()
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> !c.isDaemonConnected());
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(10));
            assertThat(f).isNotDone();
            d.start();
            assertThat((List<?>) Futures.await(f)).isNotEmpty();
        }
    }

    @Test
    void aRequestOverTheFrameLimitMadeWhileDisconnectedIsRefusedAndDoesNotHoldUpTheReconnect() throws Exception {
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(fastReconnect(d).build())) {
            d.stop(false);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> !c.isDaemonConnected());
            // it used to wait in the call table, and make every reconnect attempt fail until its deadline
            assertThatThrownBy(() -> c.pigeonhole().withTimeout(Duration.ofSeconds(30)).voucherInduct(
                    Voucher.of(new byte[32]), new byte[41 * 1024 * 1024], new byte[16]))
                    .isInstanceOf(PayloadTooLargeException.class);
            assertThat(c.statistics().callsInFlight()).isZero();
            d.start();
            await().atMost(Duration.ofSeconds(5)).until(c::isDaemonConnected);
        }
    }

    @Test
    void withReconnectionOffCallsAfterTheLossFailAtOnce() throws Exception {
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start()) {
            d.scriptNextConnection(ConnectionScript.closeAt(HandshakeStep.AFTER_TOKEN_REPLY));
            try (ThinClient c = ThinClient.connect(config(d).build())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isDaemonConnected());
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            assertThat(f).as("failed already when returned").isCompletedExceptionally();
            assertThatThrownBy(f::join).hasCauseInstanceOf(DaemonConnectionException.class)
                    .hasMessageContaining("reconnection is disabled");
            }
        }
    }

    /** A daemon that handshakes and then sends a frame announcing 4 GiB (and nothing more), on every connection. */
    private static KpclientdSimulator oversizedFrameEveryTime() {
        KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
        d.scriptEveryConnection(ConnectionScript.builder()
                .at(HandshakeStep.AFTER_TOKEN_REPLY, Misbehaviour.oversizedLengthPrefix()).build());
        return d;
    }

    /** When each connection's session_token arrived, in order: after its accept, before its loss. */
    private static List<java.time.Instant> handshakes(KpclientdSimulator d) {
        return d.requests().stream().filter(r -> r.wireName().equals("session_token"))
                .map(RecordedRequest::receivedAt).toList();
    }

    @Test
    void repeatedProtocolFailuresBackOffAndTheCallCarriesTheProtocolError() throws Exception {
        List<Duration> delays = new CopyOnWriteArrayList<>();
        // the session's parts log under their package: connect, loss, reconnect
        ch.qos.logback.classic.Logger sessionLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.katzenpost.thin.internal.session.Session.class.getPackageName());
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        sessionLog.addAppender(logged);
        try (KpclientdSimulator d = oversizedFrameEveryTime();
                ThinClient c = ThinClient.connect(config(d).reconnect(true)
                        .reconnectDelay(ReconnectDelay.exponential(Duration.ofMillis(100), Duration.ofSeconds(10), 0))
                        .on(ReconnectingEvent.class, e -> delays.add(e.delay())).build())) {
            CompletableFuture<?> call = c.fetchDirectoryAuthorities(Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> handshakes(d).size() >= 5 && delays.size() >= 4);
            List<java.time.Instant> handshakeAt = handshakes(d);
            // the first failure starts at the initial delay, each repeat goes on doubling
            assertThat(delays.stream().limit(4).map(Duration::toMillis).toList()).containsExactly(100L, 200L, 400L, 800L);
            for (int i = 0; i + 1 < 5; i++) {
                assertThat(Duration.between(handshakeAt.get(i), handshakeAt.get(i + 1)))
                        .as("connection %d waited its delay", i + 1).isGreaterThanOrEqualTo(delays.get(i));
            }
            await().atMost(Duration.ofSeconds(5)).until(call::isDone);
            assertThatThrownBy(call::join).hasCauseInstanceOf(RequestTimeoutException.class)
                    .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(ProtocolViolationException.class)
                            .hasMessageContaining("exceeds"));
            c.close(); // stop reconnecting before counting
            int connections = d.connectionCount();
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
        try (KpclientdSimulator d = oversizedFrameEveryTime(); ThinClient c = ThinClient.connect(config(d).build())) {
            CompletableFuture<?> call = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(5)).until(call::isDone);
            assertThatThrownBy(call::join).hasCauseInstanceOf(DaemonConnectionException.class)
                    .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(ProtocolViolationException.class));
        }
    }

    /** A schedule of the application's that is broken in the ways a subclass can be. */
    private static final class BrokenDelay extends ReconnectDelay {
        private final Duration delay;

        BrokenDelay(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Duration delay(int attempt) {
            return delay;
        }

        @Override
        public Duration max() {
            throw new IllegalStateException("broken");
        }
    }

    /**
     * A ReconnectDelay that returns null does not end the reconnect thread (the client would wait in RECONNECTING
     * for good): the default schedule stands in for it.
     */
    @Test
    void aScheduleThatReturnsNullFallsBackToTheDefault() {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(config(d).reconnect(true).reconnectDelay(new BrokenDelay(null))
                        .on(ThinClientEvent.class, events::add).build())) {
            d.dropAllConnections();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof ReconnectedEvent));
            assertThat(c.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    /** A negative delay does not make the client reconnect in a tight loop: the default schedule's delay is used. */
    @Test
    void aNegativeDelayIsReplacedByTheDefaultSchedules() {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(config(d).reconnect(true)
                        .reconnectDelay(new BrokenDelay(Duration.ofSeconds(-1)))
                        .on(ThinClientEvent.class, events::add).build())) {
            d.dropAllConnections();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e instanceof ReconnectedEvent));
            Duration first = ThinClientConfig.DEFAULT_RECONNECT_DELAY.max(); // bounds only; the default jitters
            assertThat(events).filteredOn(e -> e instanceof ReconnectingEvent).first()
                    .satisfies(e -> assertThat(((ReconnectingEvent) e).delay())
                            .isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(first));
        }
    }
}
