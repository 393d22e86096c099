package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.katzenpost.testkit.sim.SimTestSupport.qid;
import static org.katzenpost.testkit.sim.SimTestSupport.random;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.Frames;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.stats.RequestKind;

/** {@link KpclientdSimulator#whenNext} with each {@link SocketPolicy}, seen from a raw client. */
class SocketPolicyTest {
    private static final Duration T = RawClient.TIMEOUT;

    @Test
    void noResponseSwallowsOneRequestAndTheConnectionGoesOn() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            byte[] first = qid();
            byte[] second = qid();
            c.send(new Requests.GetPkiDocument(first, 0));
            c.send(new Requests.GetPkiDocument(second, 0));
            assertThat(((Responses.GetPkiDocumentReply) c.read()).queryId()).isEqualTo(second);
            assertThat(c.silentFor(Duration.ofMillis(200))).isTrue();
            assertThat(sim.requests(RequestKind.GET_PKI_DOCUMENT)).hasSize(2);
            assertThat(sim.connections().get(0).isOpen()).isTrue();
        }
    }

    @Test
    void disconnectAfterRequestWritesNothingAndKeepsTheSession() throws Exception {
        byte[] token = random(16);
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            try (RawClient c = RawClient.connect(sim.dial())) {
                c.handshake(token);
                sim.whenNext(RequestKind.NEW_KEYPAIR, SocketPolicy.DISCONNECT_AFTER_REQUEST);
                c.send(new BoxMessages.NewKeypair(qid(), random(32)));
                assertThat(c.readUntilClosed(T)).isEmpty();
            }
            assertThat(sim.requests(RequestKind.NEW_KEYPAIR)).hasSize(1);
            try (RawClient c = RawClient.connect(sim.dial())) {
                assertThat(c.handshake(token).reply().resumed()).as("an unclean disconnect keeps the session").isTrue();
                // the policy was used up: the next new_keypair is served
                byte[] q = qid();
                c.send(new BoxMessages.NewKeypair(q, random(32)));
                BoxMessages.NewKeypairReply reply = (BoxMessages.NewKeypairReply) c.read();
                assertThat(reply.queryId()).isEqualTo(q);
                assertThat(reply.errorCode()).isZero();
            }
        }
    }

    @Test
    void disconnectDuringResponseCutsTheReplyFrameInHalf() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.DISCONNECT_DURING_RESPONSE);
            byte[] q = qid();
            c.send(new Requests.GetPkiDocument(q, 0));
            byte[] got = c.readUntilClosed(T);
            byte[] whole = ResponseEncoder.encode(new Responses.GetPkiDocumentReply(q, null, 0, 0));
            assertThat(got).hasSize(4 + whole.length / 2);
            assertThat(Arrays.copyOf(got, 4)).isEqualTo(Frames.prefix(whole.length));
            assertThat(Arrays.copyOfRange(got, 4, got.length)).isEqualTo(Arrays.copyOf(whole, whole.length / 2));
        }
    }

    @Test
    void disconnectDuringResponseToSendMessageCutsAStatusEvent() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.whenNext(RequestKind.SEND_MESSAGE, SocketPolicy.DISCONNECT_DURING_RESPONSE);
            var echo = sim.echoDestination();
            c.send(new Requests.SendMessage(null, true, random(16), echo.nodeIdHash(), echo.queueId(), random(10)));
            byte[] got = c.readUntilClosed(T);
            assertThat(got.length).isGreaterThan(4);
            long announced = ((got[0] & 0xFFL) << 24) | ((got[1] & 0xFFL) << 16) | ((got[2] & 0xFFL) << 8)
                    | (got[3] & 0xFFL);
            assertThat(got.length - 4).isEqualTo((int) announced / 2);
        }
    }

    @Test
    void stallStopsReadingAfterTheRequest() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.STALL);
            c.send(new Requests.GetDirectoryAuthorities(qid()));
            c.send(new Requests.GetPkiDocument(qid(), 0));
            assertThat(c.silentFor(Duration.ofMillis(300))).isTrue();
            assertThat(sim.connections()).hasSize(1);
            assertThat(sim.connections().get(0).isOpen()).isTrue();
            assertThat(sim.requests(RequestKind.GET_PKI_DOCUMENT)).as("nothing is read after the stall").isEmpty();
        }
    }

    @Test
    void shutdownAfterRequestSendsTheShutdownEventAndCloses() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.whenNext(RequestKind.ENCRYPT_READ, SocketPolicy.SHUTDOWN_AFTER_REQUEST);
            c.send(new BoxMessages.EncryptRead(qid(), random(136), random(104)));
            byte[] shutdown = ResponseEncoder.encode(new Responses.ShutdownFrame());
            byte[] expected = new byte[4 + shutdown.length];
            System.arraycopy(Frames.prefix(shutdown.length), 0, expected, 0, 4);
            System.arraycopy(shutdown, 0, expected, 4, shutdown.length);
            assertThat(c.readUntilClosed(T)).isEqualTo(expected);
        }
    }

    @Test
    void policiesQueueUpPerKindAndComeBeforeAScriptedFailure() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start();
                RawClient c = RawClient.connect(sim.dial())) {
            c.handshake(random(16));
            sim.failNext(RequestKind.GET_PKI_DOCUMENT, ThinErrorCode.INTERNAL_ERROR);
            sim.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            sim.whenNext(RequestKind.GET_PKI_DOCUMENT, SocketPolicy.NO_RESPONSE);
            byte[][] q = {qid(), qid(), qid(), qid()};
            for (byte[] id : q) {
                c.send(new Requests.GetPkiDocument(id, 0));
            }
            Responses.GetPkiDocumentReply third = (Responses.GetPkiDocumentReply) c.read();
            assertThat(third.queryId()).isEqualTo(q[2]);
            assertThat(third.errorCode()).isEqualTo(ThinErrorCode.INTERNAL_ERROR.code());
            Responses.GetPkiDocumentReply fourth = (Responses.GetPkiDocumentReply) c.read();
            assertThat(fourth.queryId()).isEqualTo(q[3]);
            assertThat(fourth.errorCode()).isZero();
        }
    }

    @Test
    void otherIsNotAKindToScript() {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().start()) {
            assertThatThrownBy(() -> sim.whenNext(RequestKind.OTHER, SocketPolicy.STALL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTHER");
            assertThatThrownBy(() -> sim.failNext(RequestKind.OTHER, ThinErrorCode.INTERNAL_ERROR))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sim.delay(RequestKind.OTHER, Duration.ofMillis(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sim.failNext(RequestKind.ENCRYPT_READ, 256))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sim.whenNext(RequestKind.ENCRYPT_READ, null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> sim.delay(RequestKind.ENCRYPT_READ, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
