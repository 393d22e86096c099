package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.katzenpost.testkit.sim.SimTestSupport.random;
import static org.katzenpost.testkit.sim.SimTestSupport.rawMap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.pki.SyntheticPki;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.internal.wire.WireCodec;
import org.katzenpost.thin.stats.RequestKind;

class HandshakeTest {
    @TempDir
    Path tmp;

    @Test
    void f1ThenF2ThenSessionTokenReply() throws Exception {
        SyntheticPki.Built pki = SyntheticPki.builder().seed(7).build();
        try (KpclientdSimulator sim = KpclientdSimulator.builder().pki(pki).start();
                RawClient c = RawClient.connect(sim.dial())) {
            byte[] f1 = c.readBody(RawClient.TIMEOUT);
            byte[] f2 = c.readBody(RawClient.TIMEOUT);
            // daemon style: all 25 keys, exactly one non-null
            Map<Object, Object> m1 = rawMap(f1);
            assertThat(m1).hasSize(25);
            assertThat(m1.values().stream().filter(v -> v != null)).hasSize(1);
            assertThat(rawMap(f2)).hasSize(25);

            var status = (Responses.ConnectionStatusFrame) WireCodec.INSTANCE.decodeResponse(f1);
            assertThat(status.isConnected()).isTrue();
            assertThat(status.instanceToken()).hasSize(16).isEqualTo(sim.instanceToken());
            assertThat(status.sphinxGeometry().userForwardPayloadLength()).isEqualTo(2000);
            assertThat(status.sphinxGeometry().packetLength()).isEqualTo(3082);
            assertThat(status.pigeonholeGeometry().maxPlaintextPayloadLength()).isEqualTo(1549);
            var doc = (Responses.NewPkiDocumentFrame) WireCodec.INSTANCE.decodeResponse(f2);
            assertThat(doc.payload()).isEqualTo(pki.strippedDocument());

            c.send(new Requests.SessionToken(random(16)));
            var reply = (Responses.SessionTokenReply) c.read();
            assertThat(reply.resumed()).isFalse();
            assertThat(reply.appId()).hasSize(16);
            assertThat(sim.connectionCount()).isEqualTo(1);
            RecordedRequest token = sim.awaitRequest(r -> r.wireName().equals("session_token"), Duration.ofSeconds(1));
            assertThat(token.kind()).isEqualTo(RequestKind.OTHER);
            assertThat(token.queryId()).isNull();
            assertThat(token.bodySize()).isEqualTo(
                    WireCodec.INSTANCE.encodeRequest(new Requests.SessionToken(new byte[16])).length);
        }
    }

    @Test
    void configurableGeometryAndNoDocument() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().noPkiDocument().mixnetConnected(false)
                .userForwardPayloadLength(4000).maxPlaintextPayloadLength(3000).start();
                RawClient c = RawClient.connect(sim.dial())) {
            var h = c.handshake(random(16));
            assertThat(h.status().isConnected()).isFalse();
            assertThat(sim.isMixnetConnected()).isFalse();
            assertThat(h.status().sphinxGeometry().userForwardPayloadLength()).isEqualTo(4000);
            assertThat(h.status().sphinxGeometry().forwardPayloadLength()).isEqualTo(4000 + 572 + 2);
            assertThat(h.status().pigeonholeGeometry().maxPlaintextPayloadLength()).isEqualTo(3000);
            assertThat(h.pki().payload()).isNull();
            assertThat(sim.pkiDocument()).isNull();

            sim.setMixnetConnected(true);
            assertThat(sim.isMixnetConnected()).isTrue();
            var up = c.readType(Responses.ConnectionStatusFrame.class);
            assertThat(up.isConnected()).isTrue();
            assertThat(up.instanceToken()).isEqualTo(h.status().instanceToken());
        }
    }

    @Test
    void resumeAfterUncleanDisconnect() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            byte[] appId;
            try (RawClient c = RawClient.connect(sim.dial())) {
                appId = c.handshake(token).reply().appId();
            }
            assertThat(sim.await(() -> sim.connections().isEmpty(), Duration.ofSeconds(5))).isTrue();
            assertThat(sim.sessionCount()).isEqualTo(1);
            try (RawClient c = RawClient.connect(sim.dial())) {
                var r = c.handshake(token).reply();
                assertThat(r.resumed()).isTrue();
                assertThat(r.appId()).isEqualTo(appId);
                SimulatedConnection conn = sim.connections().get(0);
                assertThat(conn.isHandshakeComplete()).isTrue();
                assertThat(conn.isThinCloseReceived()).isFalse();
                c.send(new Requests.ThinClose());
                assertThat(c.readUntilClosed(RawClient.TIMEOUT)).isEmpty();
                assertThat(conn.isThinCloseReceived()).isTrue();
            }
            assertThat(sim.await(() -> sim.sessionCount() == 0, Duration.ofSeconds(5))).isTrue();
            try (RawClient c = RawClient.connect(sim.dial())) {
                var r = c.handshake(token).reply();
                assertThat(r.resumed()).isFalse();
                assertThat(r.appId()).isNotEqualTo(appId);
            }
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(random(16)).reply().resumed()).isFalse();
            }
        }
    }

    @Test
    void secondConnectionWithALiveTokenResumes() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient a = RawClient.connect(sim.dial());
                RawClient b = RawClient.connect(sim.dial())) {
            byte[] appId = a.handshake(token).reply().appId();
            var r = b.handshake(token).reply();
            assertThat(r.resumed()).isTrue();
            assertThat(r.appId()).isEqualTo(appId);
        }
    }

    @Test
    void sessionExpiresAfterGracePeriod() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().gracePeriod(Duration.ofMillis(100)).start()) {
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(token);
            }
            assertThat(sim.await(() -> sim.sessionCount() == 0, Duration.ofSeconds(5))).isTrue();
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(token).reply().resumed()).isFalse();
            }
        }
    }

    @Test
    void connectionWithoutTokenLosesItsStateAtOnce() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.read();
                c.read();
            }
            assertThat(sim.await(() -> sim.connections().isEmpty(), Duration.ofSeconds(5))).isTrue();
            assertThat(sim.sessionCount()).isZero();
        }
    }

    @Test
    void bufferedLegacyRepliesAreFlushedBeforeTheReplyOnResume() throws Exception {
        byte[] token = random(16);
        // the echoes must come after the close, so they are buffered: 2 s leaves room for a loaded machine
        try (KpclientdSimulator sim = KpclientdSimulator.builder().echoDelay(Duration.ofSeconds(2)).start()) {
            var echo = sim.echoDestination();
            byte[] surb1 = random(16);
            byte[] surb2 = random(16);
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(token);
                c.send(new Requests.SendMessage(null, true, surb1, echo.nodeIdHash(), echo.queueId(), "one".getBytes()));
                c.send(new Requests.SendMessage(null, true, surb2, echo.nodeIdHash(), echo.queueId(), "two".getBytes()));
                c.readType(Responses.MessageSentFrame.class);
                c.readType(Responses.MessageSentFrame.class);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.bufferedReplyCount() == 2);
            try (RawClient c = RawClient.connect(sim.dial())) {
                var h = c.handshake(token);
                assertThat(h.reply().resumed()).isTrue();
                assertThat(h.beforeReply()).hasSize(2).allMatch(r -> r instanceof Responses.MessageReplyFrame);
                var first = (Responses.MessageReplyFrame) h.beforeReply().get(0);
                var second = (Responses.MessageReplyFrame) h.beforeReply().get(1);
                assertThat(first.surbId()).isEqualTo(surb1);
                assertThat(second.surbId()).isEqualTo(surb2);
            }
        }
    }

    @Test
    void atMostAThousandRepliesAreBuffered() throws Exception {
        byte[] token = random(16);
        // all 1,005 echoes must come after the close: 5 s for the 1,005 round trips and the close on a loaded machine
        try (KpclientdSimulator sim = KpclientdSimulator.builder().echoDelay(Duration.ofSeconds(5)).start()) {
            var echo = sim.echoDestination();
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(token);
                for (int i = 0; i < 1005; i++) {
                    c.send(new Requests.SendMessage(null, true, random(16), echo.nodeIdHash(), echo.queueId(),
                            new byte[] {(byte) i}));
                }
                for (int i = 0; i < 1005; i++) {
                    c.readType(Responses.MessageSentFrame.class);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.bufferedReplyCount() == 1000);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> sim.bufferedReplyCount() == 1000); // the other five replies are dropped
            try (RawClient c = RawClient.connect(sim.dial())) {
                var h = c.handshake(token);
                assertThat(h.reply().resumed()).isTrue();
                assertThat(h.beforeReply()).hasSize(1000);
            }
        }
    }

    @Test
    void restartChangesInstanceTokenAndLosesSessions() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            byte[] before;
            try (RawClient c = RawClient.connect(sim.dial())) {
                before = c.handshake(token).status().instanceToken();
                sim.restart();
                assertThat(c.readUntilClosed(RawClient.TIMEOUT)).isEmpty();
            }
            try (RawClient c = RawClient.connect(sim.dial())) {
                var h = c.handshake(token);
                assertThat(h.status().instanceToken()).isNotEqualTo(before).isEqualTo(sim.instanceToken());
                assertThat(h.reply().resumed()).isFalse();
            }
        }
    }

    @Test
    void stopSendsShutdownAndStartListensAgainOnTheSamePort() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            Dial dial = sim.dial();
            byte[] before;
            try (RawClient c = RawClient.connect(dial)) {
                before = c.handshake(random(16)).status().instanceToken();
                sim.stop();
                assertThat(c.read()).isInstanceOf(Responses.ShutdownFrame.class);
                assertThat(c.readUntilClosed(RawClient.TIMEOUT)).isEmpty();
            }
            assertThat(sim.isRunning()).isFalse();
            sim.start();
            assertThat(sim.dial()).isEqualTo(dial);
            try (RawClient c = RawClient.connect(dial)) {
                assertThat(c.handshake(random(16)).status().instanceToken()).isNotEqualTo(before);
            }
        }
    }

    @Test
    void everyTransportAtOnce() throws Exception {
        Path sock = tmp.resolve("kpclientd.sock");
        String abstractName = "kpsim-" + Long.toHexString(System.nanoTime());
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().unixPath(sock).abstractUnix(abstractName)
                .webSocket().start()) {
            assertThat(sim.dials()).hasSize(4);
            assertThat(Files.exists(sock)).isTrue();
            assertThat(sim.dials().get(2).address()).isEqualTo("@" + abstractName);
            for (Dial d : sim.dials()) {
                try (RawClient c = RawClient.connect(d)) {
                    var h = c.handshake(random(16));
                    assertThat(h.status().instanceToken()).isEqualTo(sim.instanceToken());
                    assertThat(h.reply().resumed()).isFalse();
                    var echo = sim.echoDestination();
                    c.send(new Requests.SendMessage(null, true, random(16), echo.nodeIdHash(), echo.queueId(),
                            "over ".concat(d.toString()).getBytes()));
                    c.readType(Responses.MessageSentFrame.class);
                    assertThat(c.readType(Responses.MessageReplyFrame.class).payload()).hasSize(2574);
                }
            }
            assertThat(sim.connectionCount()).isEqualTo(4);
        }
    }

    @Test
    void manyClientsAtOnce() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            var echo = sim.echoDestination();
            java.util.List<RawClient> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    RawClient c = RawClient.connect(sim.dial());
                    clients.add(c);
                    c.handshake(random(16));
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send(new Requests.SendMessage(null, true, random(16), echo.nodeIdHash(),
                            echo.queueId(), ("client " + i).getBytes()));
                }
                for (int i = 0; i < clients.size(); i++) {
                    byte[] p = clients.get(i).readType(Responses.MessageReplyFrame.class).payload();
                    assertThat(new String(p, 0, ("client " + i).length())).isEqualTo("client " + i);
                }
                assertThat(sim.connections()).hasSize(20);
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
        }
    }
}
