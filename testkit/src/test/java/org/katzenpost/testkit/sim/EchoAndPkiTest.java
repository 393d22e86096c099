package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.katzenpost.testkit.sim.SimTestSupport.qid;
import static org.katzenpost.testkit.sim.SimTestSupport.random;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.pki.SyntheticPki;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.stats.RequestKind;

class EchoAndPkiTest {

    private static Requests.SendMessage surbSend(byte[] surb, Destination d, byte[] payload) {
        return new Requests.SendMessage(null, true, surb, d.nodeIdHash(), d.queueId(), payload);
    }

    @Test
    void echoReplyIsThePayloadZeroPadded() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            Destination echo = sim.echoDestination();
            assertThat(new String(echo.queueId())).isEqualTo("+echo");
            byte[] surb = random(16);
            byte[] id = random(16);
            byte[] payload = random(1234);
            long before = Instant.now().getEpochSecond();
            c.send(new Requests.SendMessage(id, true, surb, echo.nodeIdHash(), echo.queueId(), payload));
            var sent = (Responses.MessageSentFrame) c.read();
            assertThat(sent.surbId()).isEqualTo(surb);
            assertThat(sent.messageId()).isEqualTo(id);
            assertThat(sent.err()).isNull();
            assertThat(sent.sentAtUnixSeconds()).isBetween(before, before + 5);
            assertThat(sent.replyEtaNanos()).isPositive();
            var reply = (Responses.MessageReplyFrame) c.read();
            assertThat(reply.surbId()).isEqualTo(surb);
            assertThat(reply.messageId()).isEqualTo(id);
            assertThat(reply.errorCode()).isZero();
            assertThat(reply.payload()).hasSize(2574);
            assertThat(Arrays.copyOf(reply.payload(), payload.length)).isEqualTo(payload);
            assertThat(Arrays.copyOfRange(reply.payload(), payload.length, 2574)).containsOnly(0);
        }
    }

    @Test
    void withoutSurbNothingComesBack() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            Destination echo = sim.echoDestination();
            c.send(new Requests.SendMessage(null, false, null, echo.nodeIdHash(), echo.queueId(), random(10)));
            c.send(new Requests.SendMessage(null, false, null, echo.nodeIdHash(), echo.queueId(), random(5000)));
            assertThat(c.silentFor(Duration.ofMillis(300))).isTrue();
            assertThat(sim.requests(RequestKind.SEND_MESSAGE)).hasSize(2);
        }
    }

    @Test
    void oversizedPayloadGetsAnErrorInTheSentEvent() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            c.send(surbSend(random(16), sim.echoDestination(), random(2001)));
            var sent = (Responses.MessageSentFrame) c.read();
            assertThat(sent.err()).startsWith("message too large");
            assertThat(c.silentFor(Duration.ofMillis(200))).isTrue();
            c.send(surbSend(random(16), sim.echoDestination(), random(2000)));
            assertThat(((Responses.MessageSentFrame) c.read()).err()).isNull();
            assertThat(((Responses.MessageReplyFrame) c.read()).payload()).hasSize(2574);
        }
    }

    @Test
    void offlineSendsFail() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().mixnetConnected(false).start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            c.send(surbSend(random(16), sim.echoDestination(), random(10)));
            assertThat(((Responses.MessageSentFrame) c.read()).err()).contains("offline");
            assertThat(c.silentFor(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void unknownDestinationAndOtherQueues() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            c.send(new Requests.SendMessage(null, true, random(16), random(32), "+echo".getBytes(), random(10)));
            assertThat(((Responses.MessageSentFrame) c.read()).err()).contains("not found");
            Destination courier = sim.service("courier").toDestination();
            c.send(surbSend(random(16), courier, random(10)));
            assertThat(((Responses.MessageSentFrame) c.read()).err()).isNull();
            assertThat(c.silentFor(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void lossCanBeScripted() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.dropNextEchoReplies(1);
            byte[] s1 = random(16);
            byte[] s2 = random(16);
            c.send(surbSend(s1, sim.echoDestination(), random(10)));
            c.send(surbSend(s2, sim.echoDestination(), random(10)));
            assertThat(((Responses.MessageSentFrame) c.read()).surbId()).isEqualTo(s1);
            assertThat(((Responses.MessageSentFrame) c.read()).surbId()).isEqualTo(s2);
            var reply = (Responses.MessageReplyFrame) c.read();
            assertThat(reply.surbId()).isEqualTo(s2);
            assertThat(c.silentFor(Duration.ofMillis(200))).isTrue();

            sim.setEchoDropProbability(1.0);
            c.send(surbSend(random(16), sim.echoDestination(), random(10)));
            c.readType(Responses.MessageSentFrame.class);
            assertThat(c.silentFor(Duration.ofMillis(200))).isTrue();

            sim.setEchoDropProbability(0);
            sim.failNext(RequestKind.SEND_MESSAGE, ThinErrorCode.INTERNAL_ERROR);
            c.send(surbSend(random(16), sim.echoDestination(), random(10)));
            assertThat(((Responses.MessageSentFrame) c.read()).err()).contains("injected");
        }
    }

    @Test
    void getPkiDocumentCurrentAndByEpoch() throws Exception {
        SyntheticPki.Built first = SyntheticPki.builder().epoch(1000).build();
        SyntheticPki.Built second = SyntheticPki.builder().epoch(1001).canonical(false).build();
        try (KpclientdSimulator sim = KpclientdSimulator.builder().pki(first).start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            byte[] q = qid();
            c.send(new Requests.GetPkiDocument(q, 0));
            var r = (Responses.GetPkiDocumentReply) c.read();
            assertThat(r.queryId()).isEqualTo(q);
            assertThat(r.errorCode()).isZero();
            assertThat(r.epoch()).isEqualTo(1000);
            assertThat(r.payload()).isEqualTo(first.signedDocument());

            c.send(new Requests.GetPkiDocument(qid(), 999));
            var missing = (Responses.GetPkiDocumentReply) c.read();
            assertThat(missing.errorCode()).isEqualTo(10);
            assertThat(missing.epoch()).isEqualTo(999);
            assertThat(missing.payload()).isNull();

            assertThat(sim.pkiDocument()).isSameAs(first);
            sim.publishPkiDocument(second);
            assertThat(sim.pkiDocument()).isSameAs(second);
            var event = (Responses.NewPkiDocumentFrame) c.read();
            assertThat(event.payload()).isEqualTo(second.strippedDocument());
            c.send(new Requests.GetPkiDocument(qid(), 0));
            assertThat(((Responses.GetPkiDocumentReply) c.read()).epoch()).isEqualTo(1001);
            c.send(new Requests.GetPkiDocument(qid(), 1000));
            assertThat(((Responses.GetPkiDocumentReply) c.read()).payload()).isEqualTo(first.signedDocument());
        }
    }

    @Test
    void noDocumentMeansError10() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().noPkiDocument().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            c.send(new Requests.GetPkiDocument(qid(), 0));
            var r = (Responses.GetPkiDocumentReply) c.read();
            assertThat(r.errorCode()).isEqualTo(10);
            assertThat(r.epoch()).isEqualTo(SyntheticPki.currentEpoch());
        }
    }

    @Test
    void directoryAuthorities() throws Exception {
        SyntheticPki.Built pki = SyntheticPki.builder().authorities(4).build();
        try (KpclientdSimulator sim = KpclientdSimulator.builder().pki(pki).start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            c.send(new Requests.GetDirectoryAuthorities(qid()));
            var r = (Responses.GetDirectoryAuthoritiesReply) c.read();
            assertThat(r.errorCode()).isZero();
            assertThat(r.authorities()).hasSize(4);
            assertThat(r.authorities().get(0)).containsKeys("identifier", "identity_key_hash", "addresses");
            sim.setDirectoryAuthorities(List.of());
            c.send(new Requests.GetDirectoryAuthorities(qid()));
            var none = (Responses.GetDirectoryAuthoritiesReply) c.read();
            assertThat(none.errorCode()).isEqualTo(10);
            assertThat(none.authorities()).isNull();
        }
    }

    @Test
    void failNextAndDelayApplyToLocalRequests() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.failNext(RequestKind.GET_PKI_DOCUMENT, ThinErrorCode.INTERNAL_ERROR);
            c.send(new Requests.GetPkiDocument(qid(), 0));
            assertThat(((Responses.GetPkiDocumentReply) c.read()).errorCode()).isEqualTo(4);
            sim.delay(RequestKind.GET_DIRECTORY_AUTHORITIES, Duration.ofMillis(300));
            long t0 = System.nanoTime();
            c.send(new Requests.GetDirectoryAuthorities(qid()));
            c.send(new Requests.GetPkiDocument(qid(), 0));
            assertThat(c.read()).isInstanceOf(Responses.GetDirectoryAuthoritiesReply.class);
            assertThat(c.read()).isInstanceOf(Responses.GetPkiDocumentReply.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }
}
