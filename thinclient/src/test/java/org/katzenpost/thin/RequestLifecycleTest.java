package org.katzenpost.thin;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.event.UnknownEvent;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Requests.Request;
import org.katzenpost.thin.internal.wire.Responses;

/** Deadlines, cancellation, close, hostile frames after the handshake, and thread hygiene. */
class RequestLifecycleTest {

    /** Handshake, then hand every request to the test through a queue and never answer on its own. */
    private static ScriptedDaemon silentAfterHandshake(LinkedBlockingQueue<Request> seen) throws Exception {
        return new ScriptedDaemon(p -> {
            p.handshake(true);
            Request r;
            while ((r = p.receive()) != null) {
                seen.add(r);
            }
        });
    }

    @Test
    void requestWithoutReplyFailsAtItsDeadlineAndLeavesNoBookkeeping() throws Exception {
        LinkedBlockingQueue<Request> seen = new LinkedBlockingQueue<>();
        try (ScriptedDaemon d = silentAfterHandshake(seen); ThinClient c = ThinClient.connect(d.config().build())) {
            CompletableFuture<?> f = c.getDirectoryAuthorities(Duration.ofMillis(200));
            assertThatThrownBy(() -> ThinClient.await(f)).isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("get_directory_authorities");
            assertThat(seen.poll(2, TimeUnit.SECONDS)).isInstanceOf(Requests.GetDirectoryAuthorities.class);
            assertThat(c.session().inFlightCalls()).isZero();
        }
    }

    @Test
    void cancellingAFutureForgetsTheRequest() throws Exception {
        LinkedBlockingQueue<Request> seen = new LinkedBlockingQueue<>();
        try (ScriptedDaemon d = silentAfterHandshake(seen); ThinClient c = ThinClient.connect(d.config().build())) {
            CompletableFuture<?> f = c.session().call(new Requests.GetPkiDocument(QueryId.random().toBytes(), 0),
                    Responses.GetPkiDocumentReply.class, Duration.ofMinutes(1), Reissue.ALWAYS);
            assertThat(c.session().inFlightCalls()).isEqualTo(1);
            f.cancel(true);
            assertThat(c.session().inFlightCalls()).isZero();
        }
    }

    @Test
    void replyIsCorrelatedByQueryIdAndErrorCodeBecomesTypedException() throws Exception {
        try (ScriptedDaemon d = new ScriptedDaemon(p -> {
            p.handshake(true);
            Requests.GetPkiDocument first = (Requests.GetPkiDocument) p.receive();
            Requests.GetPkiDocument second = (Requests.GetPkiDocument) p.receive();
            // Answer out of order; the second one with "service unavailable".
            p.send(new Responses.GetPkiDocumentReply(second.queryId(), null, 7, 10));
            p.send(new Responses.GetPkiDocumentReply(new byte[16], null, 0, 4)); // unknown query id: ignored
            p.send(new Responses.GetPkiDocumentReply(first.queryId(), null, 5, 10));
            p.receive();
        }); ThinClient c = ThinClient.connect(d.config().build())) {
            CompletableFuture<?> a = c.getPkiDocumentRaw(5);
            CompletableFuture<?> b = c.getPkiDocumentRaw(7);
            for (CompletableFuture<?> f : List.of(a, b)) {
                assertThatThrownBy(() -> ThinClient.await(f)).isInstanceOf(DaemonErrorException.class)
                        .satisfies(e -> assertThat(((DaemonErrorException) e).code())
                                .isEqualTo(ThinErrorCode.SERVICE_UNAVAILABLE));
            }
        }
    }

    @Test
    void closeFailsPendingCallsSendsThinCloseAndStopsEveryThread() throws Exception {
        LinkedBlockingQueue<Request> seen = new LinkedBlockingQueue<>();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ScriptedDaemon d = silentAfterHandshake(seen)) {
            ThinClient c = ThinClient.connect(d.config().onMessageReply(r -> { }).build());
            CompletableFuture<?> pending = c.getDirectoryAuthorities(Duration.ofMinutes(5));
            assertThat(seen.poll(2, TimeUnit.SECONDS)).isNotNull();
            c.close();
            assertThatThrownBy(() -> ThinClient.await(pending)).isInstanceOf(ClientClosedException.class);
            assertThat(seen.poll(2, TimeUnit.SECONDS)).isInstanceOf(Requests.ThinClose.class);
            assertThatThrownBy(() -> ThinClient.await(c.getDirectoryAuthorities()))
                    .isInstanceOf(ClientClosedException.class);
        }
        assertThat(clientThreadsNotIn(before)).isEmpty();
    }

    @Test
    void malformedFrameAfterHandshakeIsSkippedAndTheConnectionStaysUsable() throws Exception {
        try (ScriptedDaemon d = new ScriptedDaemon(p -> {
            p.handshake(true);
            Requests.GetPkiDocument q = (Requests.GetPkiDocument) p.receive();
            p.sendRaw(new byte[] {0, 0, 0, 2, (byte) 0xA1, 0x61}); // truncated CBOR inside an intact frame
            p.send(new Responses.GetPkiDocumentReply(q.queryId(), null, 3, 10));
            p.receive();
        }); ThinClient c = ThinClient.connect(d.config().build())) {
            assertThatThrownBy(() -> ThinClient.await(c.getPkiDocumentRaw(3))).isInstanceOf(DaemonErrorException.class);
            assertThat(c.malformedFrameCount()).isEqualTo(1);
            assertThat(c.isDaemonConnected()).isTrue();
        }
    }

    @Test
    void unknownResponseKindIsReportedNotFatal() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (ScriptedDaemon d = new ScriptedDaemon(p -> {
            p.handshake(true);
            p.send(new Responses.Unknown("future_event", java.util.Map.of("x", 1L)));
            p.receive();
        }); ThinClient c = ThinClient.connect(d.config().on(UnknownEvent.class, events::add).build())) {
            HandshakeTest.awaitSize(events, 1);
            assertThat(((UnknownEvent) events.get(0)).kind()).isEqualTo("future_event");
            assertThat(c.isDaemonConnected()).isTrue();
        }
    }

    @Test
    void oversizedFrameAfterHandshakeDropsTheConnectionAndFailsCallsWithoutReconnect() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (ScriptedDaemon d = new ScriptedDaemon(p -> {
            p.handshake(true);
            p.receive();
            p.announce(0xFFFF_FFFFL);
            Thread.sleep(5000); // the daemon's behaviour under test: it stays silent after the bad prefix
        }); ThinClient c = ThinClient.connect(d.config().on(DaemonDisconnectedEvent.class, events::add).build())) {
            CompletableFuture<?> f = c.getDirectoryAuthorities(Duration.ofSeconds(30));
            assertThatThrownBy(() -> ThinClient.await(f)).isInstanceOf(DaemonConnectionException.class)
                    .hasMessageContaining("exceeds");
            HandshakeTest.awaitSize(events, 1);
            assertThat(c.isDaemonConnected()).isFalse();
        }
    }

    @Test
    void failFastPolicyRejectsCallsWhileDisconnected() throws Exception {
        try (ScriptedDaemon d = new ScriptedDaemon(p -> {
            p.handshake(true);
            p.close();
        }); ThinClient c = ThinClient.connect(d.config().reconnect(true)
                .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .disconnectedCallPolicy(ThinClientConfig.DisconnectedCallPolicy.FAIL_FAST).build())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isDaemonConnected());
            assertThatThrownBy(() -> ThinClient.await(c.getDirectoryAuthorities()))
                    .isInstanceOf(DaemonConnectionException.class).hasMessageContaining("not connected");
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
