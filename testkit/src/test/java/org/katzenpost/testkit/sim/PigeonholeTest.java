package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.katzenpost.testkit.sim.SimTestSupport.qid;
import static org.katzenpost.testkit.sim.SimTestSupport.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.internal.cbor.CborReader;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.Responses;
import org.katzenpost.thin.stats.RequestKind;

class PigeonholeTest extends TwoRawClientTest {
    PigeonholeTest() {
        super(Duration.ofMillis(5));
    }

    @Test
    void keypairIsDeterministicWithTheRealLayout() throws Exception {
        byte[] seed = random(32);
        var k = a.keypair(seed);
        assertThat(k.writeCap()).hasSize(168);
        assertThat(k.readCap()).hasSize(136);
        assertThat(k.firstMessageIndex()).hasSize(104);
        assertThat(Arrays.copyOfRange(k.writeCap(), 32, 64)).isEqualTo(Arrays.copyOfRange(k.readCap(), 0, 32));
        assertThat(Arrays.copyOfRange(k.writeCap(), 64, 168)).isEqualTo(k.firstMessageIndex());
        assertThat(Arrays.copyOfRange(k.readCap(), 32, 136)).isEqualTo(k.firstMessageIndex());
        var again = b.keypair(seed);
        assertThat(again.writeCap()).isEqualTo(k.writeCap());
        assertThat(a.keypair(random(32)).writeCap()).isNotEqualTo(k.writeCap());
        assertThat(a.keypair(random(40)).writeCap()).hasSize(168);

        long counter = ByteBuffer.wrap(k.firstMessageIndex(), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(a.counter(k.firstMessageIndex())).isEqualTo(counter);
        byte[] next = a.next(k.firstMessageIndex());
        assertThat(next).hasSize(104).isNotEqualTo(k.firstMessageIndex());
        assertThat(a.counter(next)).isEqualTo(counter + 1);
        assertThat(b.next(k.firstMessageIndex())).isEqualTo(next);

        byte[] q = qid();
        alice.send(new BoxMessages.NewKeypair(q, random(16)));
        BoxMessages.NewKeypairReply bad = a.reply(q);
        assertThat(bad.errorCode()).isEqualTo(3);
        assertThat(bad.writeCap()).isNull();
    }

    @Test
    void writeOnOneConnectionReadOnAnother() throws Exception {
        var k = a.keypair(random(32));
        byte[] secret = "a rather secret message".getBytes(StandardCharsets.UTF_8);
        var e = a.encryptWrite(secret, k.writeCap(), k.firstMessageIndex());
        assertThat(e.errorCode()).isZero();
        assertThat(e.messageCiphertext()).hasSize(2000);
        assertThat(e.envelopeHash()).hasSize(32);
        assertThat(e.nextMessageBoxIndex()).isEqualTo(a.next(k.firstMessageIndex()));
        assertThat(indexOf(e.messageCiphertext(), secret)).isEqualTo(-1);
        @SuppressWarnings("unchecked")
        Map<Object, Object> desc = (Map<Object, Object>) CborReader.decode(e.envelopeDescriptor());
        assertThat(desc).containsKeys("Epoch", "ReplicaNums", "EnvelopeKey");
        assertThat((byte[]) desc.get("EnvelopeKey")).hasSize(162);
        assertThat((byte[]) desc.get("ReplicaNums")).hasSize(2);

        var w = a.reply(a.startWrite(k.writeCap(), e, false));
        assertThat(w).isInstanceOf(ResendMessages.StartResendingEncryptedMessageReply.class);
        var wr = (ResendMessages.StartResendingEncryptedMessageReply) w;
        assertThat(wr.errorCode()).isZero();
        assertThat(wr.plaintext()).isNull();
        assertThat(wr.courierIdentityHash()).isEqualTo(sim.service("courier").node().identityKeyHash());
        assertThat(new String(wr.courierQueueId())).isEqualTo("courier");

        var er = b.encryptRead(k.readCap(), k.firstMessageIndex());
        assertThat(er.messageCiphertext()).hasSize(2000);
        var r = (ResendMessages.StartResendingEncryptedMessageReply) b.reply(b.startRead(k.readCap(),
                k.firstMessageIndex(), er, false));
        assertThat(r.errorCode()).isZero();
        assertThat(r.plaintext()).isEqualTo(secret);
        assertThat(sim.boxCount()).isEqualTo(1);
    }

    @Test
    void readWaitsForTheBoxByDefaultAndFailsFastWithNoRetry() throws Exception {
        var k = a.keypair(random(32));
        var er = b.encryptRead(k.readCap(), k.firstMessageIndex());
        byte[] waiting = b.startRead(k.readCap(), k.firstMessageIndex(), er, false);
        var fast = b.read(k.readCap(), k.firstMessageIndex(), true);
        assertThat(fast.errorCode()).isEqualTo(1);
        assertThat(fast.plaintext()).isNull();
        assertThat(bob.silentFor(Duration.ofMillis(200))).isTrue();
        assertThat(a.write("late".getBytes(), k.writeCap(), k.firstMessageIndex(), false).errorCode()).isZero();
        ResendMessages.StartResendingEncryptedMessageReply r = b.reply(waiting);
        assertThat(r.plaintext()).isEqualTo("late".getBytes());
    }

    @Test
    void boxesAreWriteOnce() throws Exception {
        var k = a.keypair(random(32));
        byte[] idx = k.firstMessageIndex();
        assertThat(a.write("first".getBytes(), k.writeCap(), idx, false).errorCode()).isZero();
        assertThat(a.write("second".getBytes(), k.writeCap(), idx, false).errorCode()).isZero(); // idempotent
        assertThat(b.write("third".getBytes(), k.writeCap(), idx, true).errorCode()).isEqualTo(10);
        assertThat(b.read(k.readCap(), idx, false).plaintext()).isEqualTo("first".getBytes());
    }

    @Test
    void tombstones() throws Exception {
        var k = a.keypair(random(32));
        byte[] idx = k.firstMessageIndex();
        a.write("soon gone".getBytes(), k.writeCap(), idx, false);
        assertThat(a.write(new byte[0], k.writeCap(), idx, false).errorCode()).isZero();
        var r = b.read(k.readCap(), idx, false);
        assertThat(r.errorCode()).isEqualTo(11);
        assertThat(r.plaintext()).isNull();
        byte[] next = a.next(idx);
        a.write(new byte[0], k.writeCap(), next, false);
        assertThat(b.read(k.readCap(), next, true).errorCode()).isEqualTo(11);
    }

    @Test
    void cancelAnswersTwiceWhenFoundOnceWhenNot() throws Exception {
        var k = a.keypair(random(32));
        var er = b.encryptRead(k.readCap(), k.firstMessageIndex());
        byte[] start = b.startRead(k.readCap(), k.firstMessageIndex(), er, false); // handled before the cancel
        byte[] cq = qid();
        bob.send(new ResendMessages.CancelResendingEncryptedMessage(cq, er.envelopeHash()));
        var first = (ResendMessages.StartResendingEncryptedMessageReply) bob.read();
        assertThat(first.queryId()).isEqualTo(start);
        assertThat(first.errorCode()).isEqualTo(24);
        assertThat(first.courierIdentityHash()).hasSize(32);
        var second = (ResendMessages.CancelResendingEncryptedMessageReply) bob.read();
        assertThat(second.queryId()).isEqualTo(cq);
        assertThat(second.errorCode()).isZero();
        // the cancelled read never completes
        a.write("x".getBytes(), k.writeCap(), k.firstMessageIndex(), false);
        assertThat(bob.silentFor(Duration.ofMillis(200))).isTrue();
        byte[] cq2 = qid();
        bob.send(new ResendMessages.CancelResendingEncryptedMessage(cq2, er.envelopeHash()));
        var only = (ResendMessages.CancelResendingEncryptedMessageReply) bob.read();
        assertThat(only.queryId()).isEqualTo(cq2);
        assertThat(only.errorCode()).isZero();
        assertThat(bob.silentFor(Duration.ofMillis(100))).isTrue();
    }

    @Test
    void invalidRequestsAndForgedEnvelopes() throws Exception {
        var k = a.keypair(random(32));
        byte[] idx = k.firstMessageIndex();
        assertThat(a.encryptWrite(null, k.writeCap(), idx).errorCode()).isEqualTo(3);
        assertThat(a.encryptWrite(new byte[1550], k.writeCap(), idx).errorCode()).isEqualTo(3);
        assertThat(a.encryptWrite(new byte[1549], k.writeCap(), idx).errorCode()).isZero();
        var e = a.encryptWrite("m".getBytes(), k.writeCap(), idx);

        byte[] q = qid();
        alice.send(new ResendMessages.StartResendingEncryptedMessage(q, k.readCap(), k.writeCap(), idx, null,
                e.envelopeDescriptor(), e.messageCiphertext(), e.envelopeHash(), false, false));
        assertThat(((ResendMessages.StartResendingEncryptedMessageReply) a.reply(q)).errorCode()).isEqualTo(3);

        byte[] forged = e.messageCiphertext().clone();
        forged[100] ^= 1;
        q = qid();
        alice.send(new ResendMessages.StartResendingEncryptedMessage(q, null, k.writeCap(), null, null,
                e.envelopeDescriptor(), forged, e.envelopeHash(), false, false));
        assertThat(((ResendMessages.StartResendingEncryptedMessageReply) a.reply(q)).errorCode()).isEqualTo(31);

        var other = a.encryptWrite("n".getBytes(), k.writeCap(), a.next(idx));
        q = qid();
        alice.send(new ResendMessages.StartResendingEncryptedMessage(q, null, k.writeCap(), null, null,
                other.envelopeDescriptor(), e.messageCiphertext(), e.envelopeHash(), false, false));
        assertThat(((ResendMessages.StartResendingEncryptedMessageReply) a.reply(q)).errorCode()).isEqualTo(22);

        // reading with a message_box_index other than the one the query was made for
        var er = b.encryptRead(k.readCap(), idx);
        q = qid();
        bob.send(new ResendMessages.StartResendingEncryptedMessage(q, k.readCap(), null, b.next(idx), null,
                er.envelopeDescriptor(), er.messageCiphertext(), er.envelopeHash(), false, false));
        assertThat(((ResendMessages.StartResendingEncryptedMessageReply) b.reply(q)).errorCode()).isEqualTo(23);
        assertThat(sim.boxCount()).isZero();
    }

    @Test
    void noDocumentMeansInternalError() throws Exception {
        try (KpclientdSimulator bare = KpclientdSimulator.builder().noPkiDocument().start();
                RawClient c = RawClient.connect(bare.dial())) {
            c.handshake(random(16));
            Ph p = new Ph(c);
            var k = p.keypair(random(32));
            assertThat(p.encryptWrite("x".getBytes(), k.writeCap(), k.firstMessageIndex()).errorCode()).isEqualTo(4);
            assertThat(p.encryptRead(k.readCap(), k.firstMessageIndex()).errorCode()).isEqualTo(4);
        }
    }

    @Test
    void injectedFailuresAndOfflineMode() throws Exception {
        var k = a.keypair(random(32));
        sim.failNext(RequestKind.ENCRYPT_WRITE, ThinErrorCode.INTERNAL_ERROR);
        assertThat(a.encryptWrite("x".getBytes(), k.writeCap(), k.firstMessageIndex()).errorCode()).isEqualTo(4);
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.PROPAGATION_ERROR);
        assertThat(a.write("x".getBytes(), k.writeCap(), k.firstMessageIndex(), false).errorCode()).isEqualTo(13);
        assertThat(sim.boxCount()).isZero();

        sim.setMixnetConnected(false);
        alice.readType(Responses.ConnectionStatusFrame.class);
        var e = a.encryptWrite("offline".getBytes(), k.writeCap(), k.firstMessageIndex());
        byte[] q = a.startWrite(k.writeCap(), e, false);
        assertThat(alice.silentFor(Duration.ofMillis(200))).isTrue();
        sim.setMixnetConnected(true);
        assertThat(alice.read()).isInstanceOf(Responses.ConnectionStatusFrame.class);
        assertThat(((ResendMessages.StartResendingEncryptedMessageReply) a.reply(q)).errorCode()).isZero();
    }

    @Test
    void thinCloseAbandonsInFlightOperations() throws Exception {
        var k = a.keypair(random(32));
        var er = b.encryptRead(k.readCap(), k.firstMessageIndex());
        b.startRead(k.readCap(), k.firstMessageIndex(), er, false); // handled before the thin_close
        bob.send(new Requests.ThinClose());
        assertThat(bob.readUntilClosed(RawClient.TIMEOUT)).isEmpty();
        assertThat(a.write("after".getBytes(), k.writeCap(), k.firstMessageIndex(), false).errorCode()).isZero();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
