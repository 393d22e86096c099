package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.event.UnknownEvent;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.junit.jupiter.api.Test;

/** connect() returns only after the whole handshake, and fails with a typed exception at every step. */
class HandshakeTest {

    @Test
    void connectReturnsAfterTokenReplyWithGeometryAndOfflineStatus() throws Exception {
        try (ScriptedDaemon d = new ScriptedDaemon(p -> p.handshake(false));
                ThinClient c = ThinClient.connect(d.config().build())) {
            assertThat(c.isDaemonConnected()).isTrue();
            assertThat(c.isMixnetConnected()).as("mixnet offline per F1").isFalse();
            assertThat(c.sphinxGeometry()).isEqualTo(ScriptedDaemon.SPHINX);
            assertThat(c.pigeonholeGeometry()).isEqualTo(ScriptedDaemon.PIGEONHOLE);
            assertThat(c.maxMessagePayloadLength()).isEqualTo(2000);
            assertThat(c.pkiDocument()).as("empty F2 payload").isNull();
        }
    }

    @Test
    void sessionTokenIsSixteenBytesAndSameAcrossConnectionsOfOneClientOnly() throws Exception {
        List<byte[]> tokens = new CopyOnWriteArrayList<>();
        ScriptedDaemon.Script script = p -> {
            p.status(true);
            p.emptyDocument();
            Requests.SessionToken t = (Requests.SessionToken) p.receive();
            tokens.add(t.clientInstanceToken());
            p.send(new Responses.SessionTokenReply(new byte[16], false));
        };
        try (ScriptedDaemon d = new ScriptedDaemon(script)) {
            ThinClient.connect(d.config().build()).close();
            ThinClient.connect(d.config().build()).close();
        }
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0)).hasSize(16);
        assertThat(tokens.get(0)).isNotEqualTo(tokens.get(1));
    }

    @Test
    void framesBeforeTheTokenReplyAreDispatchedNotLost() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        ScriptedDaemon.Script script = p -> {
            p.status(false);
            p.emptyDocument();
            p.receive();
            p.status(true); // a broadcast between F2 and the reply, as kpclientd may send
            p.send(new Responses.SessionTokenReply(new byte[16], true));
        };
        try (ScriptedDaemon d = new ScriptedDaemon(script);
                ThinClient c = ThinClient.connect(d.config().on(ThinClientEvent.class, events::add).build())) {
            assertThat(c.isMixnetConnected()).isTrue();
            assertThat(c.isSessionResumed()).isTrue();
            awaitSize(events, 2);
            assertThat(events).allMatch(e -> e instanceof ConnectionStatusEvent);
            assertThat(((ConnectionStatusEvent) events.get(0)).connected()).isFalse();
            assertThat(((ConnectionStatusEvent) events.get(1)).connected()).isTrue();
        }
    }

    @Test
    void closeBeforeFirstFrame() throws Exception {
        assertHandshakeFails(ScriptedDaemon.Peer::close, DaemonConnectionException.class, "connection_status_event");
    }

    @Test
    void closeAfterConnectionStatus() throws Exception {
        assertHandshakeFails(p -> {
            p.status(true);
            p.close();
        }, DaemonConnectionException.class, "new_pki_document_event");
    }

    @Test
    void closeAfterPkiDocument() throws Exception {
        assertHandshakeFails(p -> {
            p.status(true);
            p.emptyDocument();
            p.receive();
            p.close();
        }, DaemonConnectionException.class, "session_token_reply");
    }

    @Test
    void eventsBeforeAndBetweenTheHandshakeFramesAreDeliveredAndSkipped() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        ScriptedDaemon.Script script = p -> {
            p.emptyDocument(); // a PKI document before the status
            p.status(false);
            p.status(true); // repeated status events between the handshake frames
            p.status(false);
            p.send(new Responses.Unknown("some_future_event", java.util.Map.of()));
            p.emptyDocument();
            p.emptyDocument();
            Requests.SessionToken t = (Requests.SessionToken) p.receive();
            p.status(true); // and between the token and its reply
            p.send(new Responses.SessionTokenReply(new byte[16], false));
            p.receive();
        };
        try (ScriptedDaemon d = new ScriptedDaemon(script);
                ThinClient c = ThinClient.connect(d.config().handshakeTimeout(Duration.ofSeconds(5))
                        .on(ThinClientEvent.class, events::add).build())) {
            assertThat(c.isDaemonConnected()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 5);
            assertThat(events).filteredOn(e -> e instanceof ConnectionStatusEvent)
                    .extracting(e -> ((ConnectionStatusEvent) e).connected())
                    .containsExactly(false, true, false, true);
            assertThat(events).anyMatch(e -> e instanceof UnknownEvent u && u.kind().equals("some_future_event"));
            assertThat(c.isMixnetConnected()).as("the last status event wins").isTrue();
        }
    }

    @Test
    void aReplyBeforeTheSessionTokenCannotBelongToAHandshake() throws Exception {
        assertHandshakeFails(p -> {
            p.status(true);
            p.send(new Responses.GetDirectoryAuthoritiesReply(new byte[16], List.of(), 0));
        }, ProtocolViolationException.class, "cannot come before the session token");
    }

    @Test
    void aTokenReplyBeforeTheSessionTokenCannotBelongToAHandshake() throws Exception {
        assertHandshakeFails(p -> {
            p.status(true); // no PKI document yet, so the client has not sent its token
            p.send(new Responses.SessionTokenReply(new byte[16], false));
        }, ProtocolViolationException.class, "session_token_reply");
    }

    @Test
    void missingGeometryMeansDaemonTooOld() throws Exception {
        assertHandshakeFails(p -> p.send(new Responses.ConnectionStatusEvent(true, ScriptedDaemon.INSTANCE, null, null)),
                ProtocolViolationException.class, "v0.0.76");
    }

    @Test
    void malformedFrameDuringHandshake() throws Exception {
        assertHandshakeFails(p -> p.sendRaw(new byte[] {0, 0, 0, 3, (byte) 0xA1, 0x61, 0x78}),
                ProtocolViolationException.class, "malformed frame");
    }

    @Test
    void fourGibibyteFrameIsRejectedWithoutAllocating() throws Exception {
        assertHandshakeFails(p -> p.announce(0xFFFF_FFFFL), ProtocolViolationException.class, "exceeds");
    }

    @Test
    void silentDaemonTimesOut() throws Exception {
        try (ScriptedDaemon d = new ScriptedDaemon(p -> Thread.sleep(10_000))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> ThinClient.connect(d.config().handshakeTimeout(Duration.ofMillis(300)).build()))
                    .isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("did not finish within");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void nothingListeningNamesTheAddress() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ThinClientConfig cfg = ThinClientConfig.builder().dial(Dial.tcp("127.0.0.1:" + port)).build();
        assertThatThrownBy(() -> ThinClient.connect(cfg))
                .isInstanceOf(DaemonConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    private static void assertHandshakeFails(ScriptedDaemon.Script script, Class<? extends Throwable> type,
            String message) throws Exception {
        try (ScriptedDaemon d = new ScriptedDaemon(script)) {
            assertThatThrownBy(() -> ThinClient.connect(d.config().handshakeTimeout(Duration.ofSeconds(5)).build()))
                    .isInstanceOf(type)
                    .hasMessageContaining(message);
        }
    }

    static void awaitSize(List<?> list, int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> list.size() >= n);
    }
}
