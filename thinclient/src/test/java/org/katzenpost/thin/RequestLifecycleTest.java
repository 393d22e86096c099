package org.katzenpost.thin;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.testkit.ConnectionScript;
import org.katzenpost.testkit.HandshakeStep;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.event.UnknownEvent;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.stats.RequestKind;

/** Deadlines, cancellation, close, hostile frames after the handshake, and thread hygiene. */
class RequestLifecycleTest {

    private static final Duration T = Duration.ofSeconds(5);

    private static KpclientdSimulator daemon() {
        return KpclientdSimulator.builder().tcp().noPkiDocument().start();
    }

    private static ThinClientConfig.Builder config(KpclientdSimulator d) {
        return d.thinClientConfigBuilder().reconnect(false);
    }

    /** The simulator's side of the client's one connection. */
    private static SimulatedConnection connectionOf(KpclientdSimulator d) {
        return d.connections().get(0);
    }

    /** A daemon frame, as kpclientd writes it. */
    private static Misbehaviour frame(Responses.Response r) {
        return Misbehaviour.frame(ResponseEncoder.encode(r));
    }

    @Test
    void requestWithoutReplyFailsAtItsDeadlineAndLeavesNoBookkeeping() throws Exception {
        try (KpclientdSimulator d = daemon(); ThinClient c = ThinClient.connect(config(d).build())) {
            d.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofMillis(200));
            assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("get_directory_authorities");
            assertThat(d.awaitRequest(RequestKind.GET_DIRECTORY_AUTHORITIES, T)).isNotNull();
            assertThat(SessionAccess.of(c).inFlightCalls()).isZero();
        }
    }

    @Test
    void cancellingAFutureForgetsTheRequest() throws Exception {
        try (KpclientdSimulator d = daemon(); ThinClient c = ThinClient.connect(config(d).build())) {
            d.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = SessionAccess.of(c).call(new Requests.GetPkiDocument(QueryId.random().toBytes(), 0),
                    Responses.GetPkiDocumentReply.class, Duration.ofMinutes(1), Reissue.ALWAYS);
            assertThat(SessionAccess.of(c).inFlightCalls()).isEqualTo(1);
            f.cancel(true);
            assertThat(SessionAccess.of(c).inFlightCalls()).isZero();
        }
    }

    @Test
    void replyIsCorrelatedByQueryIdAndErrorCodeBecomesTypedException() throws Exception {
        try (KpclientdSimulator d = daemon(); ThinClient c = ThinClient.connect(config(d).build())) {
            d.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            d.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> a = c.fetchSignedPkiDocument(5);
            CompletableFuture<?> b = c.fetchSignedPkiDocument(7);
            assertThat(d.await(() -> d.requests(RequestKind.GET_PKI_DOCUMENT).size() == 2, T)).isTrue();
            List<RecordedRequest> got = d.requests(RequestKind.GET_PKI_DOCUMENT);
            byte[] first = got.get(0).queryId().toBytes();
            byte[] second = got.get(1).queryId().toBytes();
            // Answer out of order; both with "service unavailable".
            connectionOf(d).perform(frame(new Responses.GetPkiDocumentReply(second, null, 7, 10)),
                    frame(new Responses.GetPkiDocumentReply(new byte[16], null, 0, 4)), // unknown query id: ignored
                    frame(new Responses.GetPkiDocumentReply(first, null, 5, 10)));
            for (CompletableFuture<?> f : List.of(a, b)) {
                assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(DaemonErrorException.class)
                        .satisfies(e -> assertThat(((DaemonErrorException) e).code())
                                .isEqualTo(ThinErrorCode.SERVICE_UNAVAILABLE));
            }
        }
    }

    @Test
    void closeFailsPendingCallsSendsThinCloseAndStopsEveryThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (KpclientdSimulator d = daemon()) {
            d.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.NO_RESPONSE);
            ThinClient c = ThinClient.connect(config(d).onMessageReply(r -> { }).build());
            CompletableFuture<?> pending = c.fetchDirectoryAuthorities(Duration.ofMinutes(5));
            assertThat(d.awaitRequest(RequestKind.GET_DIRECTORY_AUTHORITIES, T)).isNotNull();
            c.close();
            assertThatThrownBy(() -> Futures.await(pending)).isInstanceOf(ClientClosedException.class);
            assertThat(d.awaitRequest(r -> r.wireName().equals("thin_close"), T)).isNotNull();
            assertThatThrownBy(() -> c.sync().fetchDirectoryAuthorities())
                    .isInstanceOf(ClientClosedException.class);
        }
        assertThat(clientThreadsNotIn(before)).isEmpty();
    }

    @Test
    void malformedFrameAfterHandshakeIsSkippedAndTheConnectionStaysUsable() throws Exception {
        try (KpclientdSimulator d = daemon(); ThinClient c = ThinClient.connect(config(d).build())) {
            d.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = c.fetchSignedPkiDocument(3);
            byte[] q = d.awaitRequest(RequestKind.GET_PKI_DOCUMENT, T).queryId().toBytes();
            connectionOf(d).perform(
                    Misbehaviour.rawBytes(new byte[] {0, 0, 0, 2, (byte) 0xA1, 0x61}), // truncated CBOR, intact frame
                    frame(new Responses.GetPkiDocumentReply(q, null, 3, 10)));
            assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(DaemonErrorException.class);
            assertThat(c.statistics().malformedFrames()).isEqualTo(1);
            assertThat(c.isDaemonConnected()).isTrue();
        }
    }

    @Test
    void unknownResponseKindIsReportedNotFatal() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator d = daemon();
                ThinClient c = ThinClient.connect(config(d).on(UnknownEvent.class, events::add).build())) {
            connectionOf(d).perform(frame(new Responses.Unknown("future_event", java.util.Map.of("x", 1L))));
            HandshakeTest.awaitSize(events, 1);
            assertThat(((UnknownEvent) events.get(0)).kind()).isEqualTo("future_event");
            assertThat(c.isDaemonConnected()).isTrue();
        }
    }

    @Test
    void oversizedFrameAfterHandshakeDropsTheConnectionAndFailsCallsWithoutReconnect() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator d = daemon();
                ThinClient c = ThinClient.connect(config(d).on(DaemonDisconnectedEvent.class, events::add).build())) {
            d.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            d.awaitRequest(RequestKind.GET_DIRECTORY_AUTHORITIES, T);
            connectionOf(d).perform(Misbehaviour.oversizedLengthPrefix()); // and then nothing: the socket stays open
            assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(DaemonConnectionException.class)
                    .hasMessageContaining("exceeds");
            HandshakeTest.awaitSize(events, 1);
            assertThat(c.isDaemonConnected()).isFalse();
        }
    }

    @Test
    void failFastPolicyRejectsCallsWhileDisconnected() throws Exception {
        try (KpclientdSimulator d = daemon()) {
            d.scriptNextConnection(ConnectionScript.closeAt(HandshakeStep.AFTER_TOKEN_REPLY));
            try (ThinClient c = ThinClient.connect(config(d).reconnect(true)
                .reconnectDelay(ReconnectDelay.exponential(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .disconnectedCallPolicy(ThinClientConfig.DisconnectedCallPolicy.FAIL_FAST).build())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isDaemonConnected());
            assertThatThrownBy(() -> c.sync().fetchDirectoryAuthorities())
                    .isInstanceOf(DaemonConnectionException.class).hasMessageContaining("not connected");
            }
        }
    }

    /** The client threads started since {@code before} still alive, after waiting up to 5 s for none. */
    static List<Thread> clientThreadsNotIn(Set<Thread> before) {
        java.util.function.Supplier<List<Thread>> alive = () -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("katzenpost-thin-"))
                .toList();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> alive.get().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the caller asserts on the threads that are left, naming them
        }
        return alive.get();
    }
}
