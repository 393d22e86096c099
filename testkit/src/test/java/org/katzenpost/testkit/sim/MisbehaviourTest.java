package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.katzenpost.testkit.sim.SimTestSupport.qid;
import static org.katzenpost.testkit.sim.SimTestSupport.random;
import static org.katzenpost.testkit.sim.SimTestSupport.rawMap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.katzenpost.testkit.ConnectionScript;
import org.katzenpost.testkit.HandshakeStep;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.stats.RequestKind;

class MisbehaviourTest {
    private static final Duration T = RawClient.TIMEOUT;

    @TempDir
    Path tmp;

    private static KpclientdSimulator sim(String transport, Path tmp) {
        KpclientdSimulator.Builder b = KpclientdSimulator.builder();
        switch (transport) {
            case "unix" -> b.unixPath(tmp.resolve("sim.sock"));
            case "abstract" -> b.abstractUnix("kpsim-" + Long.toHexString(System.nanoTime()));
            case "websocket" -> b.webSocket();
            default -> b.tcp();
        }
        return b.start();
    }

    private static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Frames.prefix(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ closing at handshake steps

    @Test
    void closeBeforeF1() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = connectScripted(sim, ConnectionScript.closeAt(HandshakeStep.BEFORE_F1))) {
            assertThat(c.readUntilClosed(T)).isEmpty();
        }
    }

    @Test
    void closeAfterF1() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = connectScripted(sim, ConnectionScript.closeAt(HandshakeStep.AFTER_F1))) {
            byte[] all = c.readUntilClosed(T);
            byte[] body = Arrays.copyOfRange(all, 4, all.length);
            assertThat(Arrays.copyOf(all, 4)).isEqualTo(Frames.prefix(body.length));
            assertThat(WireCodec.INSTANCE.decodeResponse(body)).isInstanceOf(Responses.ConnectionStatusFrame.class);
        }
    }

    @Test
    void closeAfterF2() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = connectScripted(sim, ConnectionScript.closeAt(HandshakeStep.AFTER_F2))) {
            assertThat(c.read()).isInstanceOf(Responses.ConnectionStatusFrame.class);
            var f2 = (Responses.NewPkiDocumentFrame) c.read();
            assertThat(f2.payload()).isEqualTo(sim.pkiDocument().strippedDocument());
            assertThat(c.readUntilClosed(T)).isEmpty();
        }
    }

    @Test
    void closeAfterTokenWithoutReply() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = connectScripted(sim, ConnectionScript.closeAt(HandshakeStep.AFTER_TOKEN))) {
            c.read();
            c.read();
            c.send(new Requests.SessionToken(random(16)));
            assertThat(c.readUntilClosed(T)).isEmpty();
        }
    }

    @Test
    void closeAfterTokenReplyKeepsTheSession() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            try (RawClient c = connectScripted(sim, ConnectionScript.closeAt(HandshakeStep.AFTER_TOKEN_REPLY))) {
                assertThat(c.handshake(token).reply().resumed()).isFalse();
                assertThat(c.readUntilClosed(T)).isEmpty();
            }
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(token).reply().resumed()).isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ reshaped handshake

    @Test
    void pkiFirstAndOmittedGeometry() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = connectScripted(sim, ConnectionScript.builder().pkiFirst().omitGeometry().build())) {
            assertThat(c.read()).isInstanceOf(Responses.NewPkiDocumentFrame.class);
            byte[] f1 = c.readBody(T);
            @SuppressWarnings("unchecked")
            Map<Object, Object> status = (Map<Object, Object>) rawMap(f1).get("connection_status_event");
            assertThat(status).containsEntry("sphinx_geometry", null).containsEntry("pigeonhole_geometry", null);
            assertThat(status.get("instance_token")).isEqualTo(sim.instanceToken());
            c.send(new Requests.SessionToken(random(16)));
            assertThat(c.read()).isInstanceOf(Responses.SessionTokenReply.class);
        }
    }

    @Test
    void delayedStep() throws Exception {
        Duration delay = Duration.ofMillis(400);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            sim.scriptNextConnection(ConnectionScript.builder().delay(HandshakeStep.AFTER_F1, delay).build());
            // F1 cannot be written before the connection exists, so F2 cannot arrive before connect + delay:
            // a lower bound that machine load can only lengthen, never break.
            long connecting = System.nanoTime();
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.read()).isInstanceOf(Responses.ConnectionStatusFrame.class);
                assertThat(c.read()).isInstanceOf(Responses.NewPkiDocumentFrame.class);
                assertThat(Duration.ofNanos(System.nanoTime() - connecting)).isGreaterThanOrEqualTo(delay);
            }
        }
    }

    @Test
    void scriptForEveryConnection() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            sim.scriptEveryConnection(ConnectionScript.closeAt(HandshakeStep.AFTER_F1));
            sim.scriptNextConnection(ConnectionScript.NORMAL);
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(random(16)).reply()).isNotNull();
            }
            for (int i = 0; i < 2; i++) {
                try (RawClient c = RawClient.connect(sim.dial())) {
                    assertThat(c.read()).isInstanceOf(Responses.ConnectionStatusFrame.class);
                    assertThat(c.readUntilClosed(T)).isEmpty();
                }
            }
        }
    }

    // ------------------------------------------------------------------ exact bytes, on every transport

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix", "abstract", "websocket"})
    void exactBytesOfEachMisbehaviour(String transport) throws Exception {
        try (KpclientdSimulator sim = sim(transport, tmp)) {
            // malformed frame, garbage, unknown response: all on one connection after the handshake
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(random(16));
                SimulatedConnection sc = sim.connections().get(0);
                sc.perform(Misbehaviour.malformedFrame());
                assertThat(c.readExactly(6)).containsExactly(0, 0, 0, 2, 0xa1, 0x1c);
                sc.perform(Misbehaviour.unknownResponse("future_event"));
                byte[] body = c.readBody(T);
                assertThat(rawMap(body)).hasSize(26).containsEntry("future_event", Map.of());
                assertThat(WireCodec.INSTANCE.decodeResponse(body)).isInstanceOfSatisfying(Responses.Unknown.class,
                        u -> assertThat(u.key()).isEqualTo("future_event"));
                sc.perform(Misbehaviour.garbage(64, 42));
                assertThat(c.readExactly(64)).isEqualTo(Misbehaviour.garbageBytes(64, 42));
                sc.perform(Misbehaviour.oversizedLengthPrefix());
                assertThat(c.readExactly(4)).containsExactly(0xff, 0xff, 0xff, 0xff);
                assertThat(c.silentFor(Duration.ofMillis(150))).isTrue();
                assertThat(sc.isOpen()).isTrue();
            }
            // a frame cut in the middle, then close
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(random(16));
                Misbehaviour.TruncatedFrameThenClose t = (Misbehaviour.TruncatedFrameThenClose)
                        Misbehaviour.truncatedFrameThenClose();
                newest(sim).perform(t);
                byte[] got = c.readUntilClosed(T);
                assertThat(got).isEqualTo(concat(Frames.prefix(t.body().length),
                        Arrays.copyOf(t.body(), t.sentBytes())));
            }
            // shutdown_event, then close
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(random(16));
                newest(sim).perform(Misbehaviour.shutdownThenClose());
                assertThat(c.readUntilClosed(T))
                        .isEqualTo(frame(ResponseEncoder.encode(new Responses.ShutdownFrame())));
            }
        }
    }

    private static SimulatedConnection newest(KpclientdSimulator sim) throws InterruptedException {
        assertThat(sim.await(() -> sim.connections().stream().anyMatch(SimulatedConnection::isHandshakeComplete),
                Duration.ofSeconds(5))).isTrue();
        var all = sim.connections();
        return all.get(all.size() - 1);
    }

    @Test
    void stallStopsReadingAndWritingWithoutClosing() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = connectScripted(sim, ConnectionScript.builder().stallAt(HandshakeStep.AFTER_F2).build())) {
            c.read();
            c.read();
            c.send(new Requests.SessionToken(random(16)));
            assertThat(c.silentFor(Duration.ofMillis(300))).isTrue();
            assertThat(sim.connections()).hasSize(1);
            assertThat(sim.connections().get(0).isOpen()).isTrue();
            assertThat(sim.connections().get(0).isHandshakeComplete()).isFalse();
        }
    }

    @Test
    void stallOnAnEstablishedConnection() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            newest(sim).perform(Misbehaviour.stall()); // stops the reader at once: no wait needed
            c.send(new Requests.GetPkiDocument(qid(), 0));
            c.send(new Requests.GetPkiDocument(qid(), 0));
            assertThat(c.silentFor(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void extraFrameAndDropViaTheConnectionHandle() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(token);
                SimulatedConnection sc = newest(sim);
                assertThat(sc.resumed()).contains(false);
                long before = sc.framesSent();
                sc.perform(Misbehaviour.frame(ResponseEncoder.encode(
                        new Responses.ConnectionStatusFrame(false, sim.instanceToken(), null, null))));
                assertThat(((Responses.ConnectionStatusFrame) c.read()).isConnected()).isFalse();
                assertThat(sim.await(() -> sc.framesSent() == before + 1, Duration.ofSeconds(5))).isTrue();
                sc.drop();
                assertThat(c.readUntilClosed(T)).isEmpty();
            }
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(token).reply().resumed()).isTrue();
                sim.dropAllConnections();
                assertThat(c.readUntilClosed(T)).isEmpty();
            }
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(token).reply().resumed()).isTrue();
            }
            assertThat(sim.connectionCount()).isEqualTo(3);
        }
    }

    // ------------------------------------------------------------------ what the simulated daemon does with bad input

    @Test
    void daemonSideFramingRules() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            // an unknown variant and a variant-less map are dropped; the connection stays
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(random(16));
                c.send(new Requests.Unknown("no_such_request", Map.of("query_id", random(16))));
                c.sendBody(new byte[] {(byte) 0xa1, 0x6a, 't', 'h', 'i', 'n', '_', 'c', 'l', 'o', 's', 'e', (byte) 0xf6});
                byte[] q = qid();
                c.send(new Requests.GetPkiDocument(q, 0));
                assertThat(((Responses.GetPkiDocumentReply) c.read()).queryId()).isEqualTo(q);
                assertThat(sim.requests(RequestKind.OTHER)).extracting(RecordedRequest::wireName)
                        .containsExactly("session_token", "no_such_request");
            }
            // undecodable CBOR: torn down, no reply
            assertThat(tornDown(sim, frame(new byte[] {(byte) 0xa1, 0x1c}))).isTrue();
            // a capability of the wrong length: torn down, no reply (as captured from v0.0.99)
            byte[] body = WireCodec.INSTANCE.encodeRequest(new BoxMessages.EncryptRead(qid(), new byte[136],
                    new byte[104]));
            byte[] bad = concat(body);
            int at = indexOf(bad, new byte[] {0x58, (byte) 136});
            bad[at + 1] = 100;
            byte[] shortened = concat(Arrays.copyOf(bad, at + 2 + 100), Arrays.copyOfRange(bad, at + 2 + 136, bad.length));
            assertThat(tornDown(sim, frame(shortened))).isTrue();
            // a length prefix over 40 MiB: torn down before reading a body
            assertThat(tornDown(sim, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})).isTrue();
            assertThat(sim.badFrameCount()).isEqualTo(3);
        }
    }

    private static boolean tornDown(KpclientdSimulator sim, byte[] bytes) throws IOException {
        try (RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            c.sendRaw(bytes);
            return c.readUntilClosed(T).length == 0;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return PigeonholeTest.indexOf(hay, needle);
    }

    private static RawClient connectScripted(KpclientdSimulator sim, ConnectionScript s) throws IOException {
        sim.scriptNextConnection(s);
        Dial d = sim.dial();
        return RawClient.connect(d);
    }
}
