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
import org.katzenpost.testkit.ConnectionScript;
import org.katzenpost.testkit.HandshakeStep;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * connect() returns only after the whole handshake, and fails with a typed exception at every step. The daemon is
 * the testkit's simulator, reshaped per connection with a {@link ConnectionScript}.
 */
class HandshakeTest {

    /** A simulator with a fixed geometry, no PKI document (an empty F2) and the mixnet as given. */
    private static final SphinxGeometry SPHINX = new SphinxGeometry(3082, 5, 476, 410, 82, 494, 2, 32, 2606, 2000, 33,
            32, "x25519", "");
    private static final PigeonholeGeometry PIGEONHOLE = new PigeonholeGeometry(1553, 2000, 2000, 1800, 1800,
            "CTIDH1024-X25519", "Ed25519");

    private static KpclientdSimulator simulator(boolean mixnetConnected) {
        return KpclientdSimulator.builder().tcp().sphinxGeometry(SPHINX)
                .pigeonholeGeometry(PIGEONHOLE).noPkiDocument().mixnetConnected(mixnetConnected)
                .start();
    }

    private static ThinClientConfig.Builder config(KpclientdSimulator sim) {
        return sim.thinClientConfigBuilder().reconnect(false);
    }

    /** A daemon frame, as kpclientd writes it. */
    private static Misbehaviour frame(Responses.Response r) {
        return Misbehaviour.frame(ResponseEncoder.encode(r));
    }

    private static Misbehaviour status(KpclientdSimulator sim, boolean connected) {
        return frame(new Responses.ConnectionStatusFrame(connected, sim.instanceToken(), sim.sphinxGeometry(),
                sim.pigeonholeGeometry()));
    }

    private static final Misbehaviour EMPTY_DOCUMENT = frame(new Responses.NewPkiDocumentFrame(null));

    @Test
    void connectReturnsAfterTokenReplyWithGeometryAndOfflineStatus() throws Exception {
        try (KpclientdSimulator sim = simulator(false); ThinClient c = ThinClient.connect(config(sim).build())) {
            assertThat(c.isDaemonConnected()).isTrue();
            assertThat(c.isMixnetConnected()).as("mixnet offline per F1").isFalse();
            assertThat(c.sphinxGeometry()).isEqualTo(SPHINX);
            assertThat(c.pigeonholeGeometry()).isEqualTo(PIGEONHOLE);
            assertThat(c.maxMessagePayloadLength()).isEqualTo(2000);
            assertThat(c.pkiDocument()).as("empty F2 payload").isNull();
        }
    }

    @Test
    void sessionTokenIsSixteenBytesAndSameAcrossConnectionsOfOneClientOnly() throws Exception {
        try (KpclientdSimulator sim = simulator(true);
                ThinClient a = ThinClient.connect(config(sim).build());
                ThinClient b = ThinClient.connect(config(sim).build())) {
            // a session_token frame is as long as one with a 16-byte token only if its token has 16 bytes
            int sixteenByteTokenFrame = org.katzenpost.thin.internal.wire.WireCodec.INSTANCE.encodeRequest(new Requests.SessionToken(new byte[16])).length;
            assertThat(sim.requests()).filteredOn(r -> r.wireName().equals("session_token")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.bodySize()).isEqualTo(sixteenByteTokenFrame));
            // the simulator resumes a session for a token it knows: two fresh sessions mean two different tokens
            assertThat(sim.sessionCount()).isEqualTo(2);
            assertThat(sim.connections()).extracting(c -> c.resumed().orElseThrow()).containsExactly(false, false);
        }
    }

    @Test
    void framesBeforeTheTokenReplyAreDispatchedNotLost() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator sim = simulator(false)) {
            // a broadcast between F2 and the reply, as kpclientd may send; then a reply saying "resumed", and
            // nothing more (the stall keeps the simulator's own reply from being written)
            sim.scriptNextConnection(ConnectionScript.builder().at(HandshakeStep.AFTER_TOKEN, status(sim, true),
                    frame(new Responses.SessionTokenReply(new byte[16], true)), Misbehaviour.stall()).build());
            try (ThinClient c = ThinClient.connect(config(sim).on(ThinClientEvent.class, events::add).build())) {
            assertThat(c.isMixnetConnected()).isTrue();
            assertThat(c.isSessionResumed()).isTrue();
            awaitSize(events, 2);
            assertThat(events).allMatch(e -> e instanceof ConnectionStatusEvent);
            assertThat(((ConnectionStatusEvent) events.get(0)).mixnetConnected()).isFalse();
            assertThat(((ConnectionStatusEvent) events.get(1)).mixnetConnected()).isTrue();
            }
        }
    }

    @Test
    void closeBeforeFirstFrame() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.closeAt(HandshakeStep.BEFORE_F1), DaemonConnectionException.class,
                "connection_status_event");
    }

    @Test
    void closeAfterConnectionStatus() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.closeAt(HandshakeStep.AFTER_F1), DaemonConnectionException.class,
                "new_pki_document_event");
    }

    @Test
    void closeAfterPkiDocument() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.closeAt(HandshakeStep.AFTER_TOKEN), DaemonConnectionException.class,
                "session_token_reply");
    }

    @Test
    void eventsBeforeAndBetweenTheHandshakeFramesAreDeliveredAndSkipped() throws Exception {
        List<ThinClientEvent> events = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator sim = simulator(false)) {
            sim.scriptNextConnection(ConnectionScript.builder()
                    .pkiFirst() // a PKI document before the status (F1: not connected)
                    .at(HandshakeStep.AFTER_F1, status(sim, true), status(sim, false), // repeated status events
                            frame(new Responses.Unknown("some_future_event", java.util.Map.of())),
                            EMPTY_DOCUMENT, EMPTY_DOCUMENT)
                    .at(HandshakeStep.AFTER_TOKEN, status(sim, true)) // and between the token and its reply
                    .build());
            try (ThinClient c = ThinClient.connect(config(sim).handshakeTimeout(Duration.ofSeconds(5))
                        .on(ThinClientEvent.class, events::add).build())) {
            assertThat(c.isDaemonConnected()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 5);
            assertThat(events).filteredOn(e -> e instanceof ConnectionStatusEvent)
                    .extracting(e -> ((ConnectionStatusEvent) e).mixnetConnected())
                    .containsExactly(false, true, false, true);
            assertThat(events).anyMatch(e -> e instanceof UnknownEvent u && u.kind().equals("some_future_event"));
            assertThat(c.isMixnetConnected()).as("the last status event wins").isTrue();
            }
        }
    }

    @Test
    void aReplyBeforeTheSessionTokenCannotBelongToAHandshake() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.builder().at(HandshakeStep.AFTER_F1,
                frame(new Responses.GetDirectoryAuthoritiesReply(new byte[16], List.of(), 0)), Misbehaviour.stall())
                .build(), ProtocolViolationException.class, "cannot come before the session token");
    }

    @Test
    void aTokenReplyBeforeTheSessionTokenCannotBelongToAHandshake() throws Exception {
        // no PKI document yet, so the client has not sent its token
        assertHandshakeFails(sim -> ConnectionScript.builder().at(HandshakeStep.AFTER_F1,
                frame(new Responses.SessionTokenReply(new byte[16], false)), Misbehaviour.stall()).build(),
                ProtocolViolationException.class, "session_token_reply");
    }

    @Test
    void missingGeometryMeansDaemonTooOld() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.builder().omitGeometry().stallAt(HandshakeStep.AFTER_F1).build(),
                ProtocolViolationException.class, "v0.0.76");
    }

    /** A geometry the store's and channels' arithmetic cannot work with fails the handshake, naming the field. */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 4, 5, 40 * 1024 * 1024, Integer.MAX_VALUE})
    void aPigeonholeBoxTooSmallOrTooLargeFailsTheHandshake(int maxPlaintext) throws Exception {
        PigeonholeGeometry bad = new PigeonholeGeometry(maxPlaintext, 2000, 2000, 1800, 1800, "CTIDH1024-X25519",
                "Ed25519");
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().sphinxGeometry(SPHINX)
                .pigeonholeGeometry(bad).noPkiDocument().start()) {
            assertThatThrownBy(() -> ThinClient.connect(config(sim).handshakeTimeout(Duration.ofSeconds(5)).build()))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("MaxPlaintextPayloadLength " + maxPlaintext);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 40 * 1024 * 1024})
    void aSphinxPayloadLengthOutOfRangeFailsTheHandshake(int userForward) throws Exception {
        SphinxGeometry bad = new SphinxGeometry(3082, 5, 476, 410, 82, 494, 2, 32, 2606, userForward, 33, 32,
                "x25519", "");
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().sphinxGeometry(bad)
                .pigeonholeGeometry(PIGEONHOLE).noPkiDocument().start()) {
            assertThatThrownBy(() -> ThinClient.connect(config(sim).handshakeTimeout(Duration.ofSeconds(5)).build()))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("UserForwardPayloadLength " + userForward);
        }
    }

    @Test
    void theSmallestWorkableBoxIsAccepted() throws Exception {
        PigeonholeGeometry small = new PigeonholeGeometry(6, 2000, 2000, 1800, 1800, "CTIDH1024-X25519", "Ed25519");
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().sphinxGeometry(SPHINX)
                .pigeonholeGeometry(small).noPkiDocument().start();
                ThinClient c = ThinClient.connect(config(sim).build())) {
            assertThat(c.pigeonholeGeometry().maxPlaintextPayloadLength()).isEqualTo(6);
        }
    }

    @Test
    void aLaterStatusEventWithABadGeometryFailsTheHandshakeToo() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.builder().at(HandshakeStep.AFTER_F1,
                frame(new Responses.ConnectionStatusFrame(true, sim.instanceToken(), sim.sphinxGeometry(),
                        new PigeonholeGeometry(4, 2000, 2000, 1800, 1800, "CTIDH1024-X25519", "Ed25519"))),
                Misbehaviour.stall()).build(), ProtocolViolationException.class, "MaxPlaintextPayloadLength 4");
    }

    /**
     * After the handshake a status event with a geometry out of range is one malformed frame: skipped, the
     * geometry in use kept.
     */
    @Test
    void aBadGeometryAfterTheHandshakeIsSkippedAndTheGeometryKept() {
        try (KpclientdSimulator sim = simulator(true)) {
            sim.scriptNextConnection(ConnectionScript.builder().at(HandshakeStep.AFTER_TOKEN_REPLY,
                    frame(new Responses.ConnectionStatusFrame(true, sim.instanceToken(), sim.sphinxGeometry(),
                            new PigeonholeGeometry(4, 2000, 2000, 1800, 1800, "CTIDH1024-X25519", "Ed25519"))))
                    .build());
            try (ThinClient c = ThinClient.connect(config(sim).build())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> c.statistics().malformedFrames() == 1);
                assertThat(c.pigeonholeGeometry().maxPlaintextPayloadLength())
                        .isEqualTo(PIGEONHOLE.maxPlaintextPayloadLength());
                assertThat(c.isDaemonConnected()).isTrue();
            }
        }
    }

    @Test
    void malformedFrameDuringHandshake() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.builder().at(HandshakeStep.BEFORE_F1,
                Misbehaviour.rawBytes(new byte[] {0, 0, 0, 3, (byte) 0xA1, 0x61, 0x78}), Misbehaviour.stall()).build(),
                ProtocolViolationException.class, "malformed frame");
    }

    @Test
    void fourGibibyteFrameIsRejectedWithoutAllocating() throws Exception {
        assertHandshakeFails(sim -> ConnectionScript.builder().at(HandshakeStep.BEFORE_F1,
                Misbehaviour.oversizedLengthPrefix(), Misbehaviour.stall()).build(),
                ProtocolViolationException.class, "exceeds");
    }

    @Test
    void silentDaemonTimesOut() throws Exception {
        try (KpclientdSimulator sim = simulator(true)) {
            sim.scriptNextConnection(ConnectionScript.builder().stallAt(HandshakeStep.BEFORE_F1).build());
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> ThinClient.connect(config(sim).handshakeTimeout(Duration.ofMillis(300)).build()))
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

    private static void assertHandshakeFails(java.util.function.Function<KpclientdSimulator, ConnectionScript> script,
            Class<? extends Throwable> type, String message) throws Exception {
        try (KpclientdSimulator sim = simulator(true)) {
            sim.scriptNextConnection(script.apply(sim));
            assertThatThrownBy(() -> ThinClient.connect(config(sim).handshakeTimeout(Duration.ofSeconds(5)).build()))
                    .isInstanceOf(type)
                    .hasMessageContaining(message);
        }
    }

    static void awaitSize(List<?> list, int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> list.size() >= n);
    }
}
