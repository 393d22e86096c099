package org.katzenpost.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.katzenpost.testkit.sim.SimTestSupport.qid;
import static org.katzenpost.testkit.sim.SimTestSupport.random;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.Hashes;
import org.katzenpost.thin.internal.wire.BoxMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages;
import org.katzenpost.thin.internal.wire.CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload.EnvelopeDestination;
import org.katzenpost.thin.internal.wire.ResendMessages;
import org.katzenpost.thin.internal.wire.VoucherMessages;

class CopyStreamAndVoucherTest extends TwoRawClientTest {
    CopyStreamAndVoucherTest() {
        super(Duration.ofMillis(1));
    }

    /** Writes every element into the temporary stream (pipelined) and returns the temp keypair. */
    private BoxMessages.NewKeypairReply writeTempStream(List<byte[]> elements) throws Exception {
        var temp = a.keypair(random(32));
        byte[] idx = temp.firstMessageIndex();
        List<byte[]> qids = new ArrayList<>();
        for (byte[] e : elements) {
            var enc = a.encryptWrite(e, temp.writeCap(), idx);
            assertThat(enc.errorCode()).isZero();
            qids.add(a.startWrite(temp.writeCap(), enc, false));
            idx = enc.nextMessageBoxIndex();
        }
        for (byte[] q : qids) {
            assertThat(((ResendMessages.StartResendingEncryptedMessageReply) a.reply(q)).errorCode()).isZero();
        }
        return temp;
    }

    private ResendMessages.StartResendingCopyCommandReply copy(byte[] tempWriteCap) throws Exception {
        byte[] q = qid();
        alice.send(new ResendMessages.StartResendingCopyCommand(q, tempWriteCap, null, null));
        return a.reply(q);
    }

    /** Reads {@code n} boxes of the destination stream from {@code index}, concatenated. */
    private byte[] readStream(byte[] readCap, byte[] index, int n) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> qids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var er = b.encryptRead(readCap, index);
            qids.add(b.startRead(readCap, index, er, true));
            index = er.nextMessageBoxIndex();
        }
        for (byte[] q : qids) {
            ResendMessages.StartResendingEncryptedMessageReply r = b.reply(q);
            assertThat(r.errorCode()).isZero();
            out.writeBytes(r.plaintext());
        }
        return out.toByteArray();
    }

    @Test
    void oneMebibyteArrivesByteIdentical() throws Exception {
        byte[] payload = random(1 << 20);
        var dest = a.keypair(random(32));
        byte[] q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(q, payload, dest.writeCap(),
                dest.firstMessageIndex(), true, true));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply env = a.reply(q);
        assertThat(env.errorCode()).isZero();
        assertThat(env.envelopes()).allSatisfy(e -> assertThat(e.length).isLessThanOrEqualTo(1549));
        int boxes = (payload.length + 1544) / 1545;
        byte[] expectedNext = dest.firstMessageIndex();
        for (int i = 0; i < boxes; i++) {
            expectedNext = a.next(expectedNext);
        }
        assertThat(env.nextDestIndex()).isEqualTo(expectedNext);

        var temp = writeTempStream(env.envelopes());
        int before = sim.boxCount();
        var done = copy(temp.writeCap());
        assertThat(done.errorCode()).isZero();
        assertThat(sim.boxCount()).isEqualTo(before + boxes);
        assertThat(readStream(dest.readCap(), dest.firstMessageIndex(), boxes)).isEqualTo(payload);
        // the courier tombstoned the temporary stream
        assertThat(b.read(temp.readCap(), temp.firstMessageIndex(), true).errorCode()).isEqualTo(11);
        // the box after the last one does not exist
        assertThat(b.read(dest.readCap(), expectedNext, true).errorCode()).isEqualTo(1);
    }

    @Test
    void copyIsAllOrNothing() throws Exception {
        byte[] payload = random(5000); // 4 boxes
        var dest = a.keypair(random(32));
        byte[] third = a.next(a.next(dest.firstMessageIndex()));
        a.write("already here".getBytes(), dest.writeCap(), third, false);
        byte[] q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(q, payload, dest.writeCap(),
                dest.firstMessageIndex(), true, true));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply env = a.reply(q);
        var temp = writeTempStream(env.envelopes());
        var r = copy(temp.writeCap());
        assertThat(r.errorCode()).isEqualTo(26);
        assertThat(r.replicaErrorCode()).isEqualTo(10);
        assertThat(r.failedEnvelopeIndex()).isEqualTo(3);
        assertThat(b.read(dest.readCap(), dest.firstMessageIndex(), true).errorCode()).isEqualTo(1);
    }

    @Test
    void injectedCopyFailureAndCancel() throws Exception {
        var dest = a.keypair(random(32));
        byte[] q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromPayload(q, random(100), dest.writeCap(),
                dest.firstMessageIndex(), true, true));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromPayloadReply env = a.reply(q);
        var temp = writeTempStream(env.envelopes());
        sim.failNextCopyCommand(4, 1);
        var failed = copy(temp.writeCap());
        assertThat(failed.errorCode()).isEqualTo(26);
        assertThat(failed.replicaErrorCode()).isEqualTo(4);
        assertThat(failed.failedEnvelopeIndex()).isEqualTo(1);

        // a copy whose temporary stream never gets written waits; cancel it by write-cap hash
        var empty = a.keypair(random(32));
        byte[] start = qid();
        alice.send(new ResendMessages.StartResendingCopyCommand(start, empty.writeCap(), null, null));
        // no wait: the simulator handles one connection's requests in order, the start before the cancel
        byte[] cq = qid();
        alice.send(new ResendMessages.CancelResendingCopyCommand(cq, Hashes.blake2b256(empty.writeCap())));
        var cancelled = (ResendMessages.StartResendingCopyCommandReply) alice.read();
        assertThat(cancelled.queryId()).isEqualTo(start);
        assertThat(cancelled.errorCode()).isEqualTo(24);
        var ack = (ResendMessages.CancelResendingCopyCommandReply) alice.read();
        assertThat(ack.queryId()).isEqualTo(cq);
        assertThat(ack.errorCode()).isZero();

        assertThat(copy(temp.writeCap()).errorCode()).isZero();
        assertThat(readStream(dest.readCap(), dest.firstMessageIndex(), 1)).hasSize(100);
    }

    @Test
    void multiPayloadWithBufferAcrossCalls() throws Exception {
        var d1 = a.keypair(random(32));
        var d2 = a.keypair(random(32));
        byte[] p1 = random(4000);
        byte[] p2 = random(2500);
        byte[] q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(q,
                List.of(new EnvelopeDestination(p1, d1.writeCap(), d1.firstMessageIndex())), true, false, null));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply first = a.reply(q);
        assertThat(first.errorCode()).isZero();
        assertThat(first.buffer()).isNotEmpty();
        assertThat(first.nextDestIndices()).hasSize(1);
        q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayload(q,
                List.of(new EnvelopeDestination(p2, d2.writeCap(), d2.firstMessageIndex())), false, true,
                first.buffer()));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromMultiPayloadReply second = a.reply(q);
        assertThat(second.buffer()).isNull();
        List<byte[]> all = new ArrayList<>(first.envelopes());
        all.addAll(second.envelopes());
        var temp = writeTempStream(all);
        assertThat(copy(temp.writeCap()).errorCode()).isZero();
        assertThat(readStream(d1.readCap(), d1.firstMessageIndex(), 3)).isEqualTo(p1);
        assertThat(readStream(d2.readCap(), d2.firstMessageIndex(), 2)).isEqualTo(p2);
    }

    @Test
    void tombstoneRange() throws Exception {
        var d = a.keypair(random(32));
        byte[] idx = d.firstMessageIndex();
        byte[] i2 = a.next(idx);
        a.write("one".getBytes(), d.writeCap(), idx, false);
        a.write("two".getBytes(), d.writeCap(), i2, false);
        byte[] q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(q, d.writeCap(), idx, 0,
                true, true,
                null));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply none = a.reply(q);
        assertThat(none.errorCode()).isZero();
        assertThat(none.envelopes()).isNull();
        assertThat(none.nextDestIndex()).isEqualTo(idx);
        q = qid();
        alice.send(new CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRange(q, d.writeCap(), idx, 2,
                true, true,
                null));
        CourierEnvelopeMessages.CreateCourierEnvelopesFromTombstoneRangeReply r = a.reply(q);
        assertThat(r.nextDestIndex()).isEqualTo(a.next(i2));
        var temp = writeTempStream(r.envelopes());
        assertThat(copy(temp.writeCap()).errorCode()).isZero();
        assertThat(b.read(d.readCap(), idx, true).errorCode()).isEqualTo(11);
        assertThat(b.read(d.readCap(), i2, true).errorCode()).isEqualTo(11);
    }

    @Test
    void voucherRoundTripBetweenTwoClients() throws Exception {
        var joinerStream = a.keypair(random(32));
        byte[] q = qid();
        alice.send(new VoucherMessages.VoucherMint(q, joinerStream.writeCap(), "Alice"));
        VoucherMessages.VoucherMintReply mint = a.reply(q);
        assertThat(mint.errorCode()).isZero();
        assertThat(mint.voucher()).hasSize(32).isEqualTo(Hashes.blake2b256(mint.voucherPayload()));
        assertThat(mint.voucherWriteCap()).hasSize(168);
        assertThat(mint.voucherReadCap()).hasSize(136);
        // the joiner puts the payload in voucher-stream box 0
        a.write(mint.voucherPayload(), mint.voucherWriteCap(), java.util.Arrays.copyOfRange(mint.voucherWriteCap(), 64, 168), false);

        q = qid();
        bob.send(new VoucherMessages.VoucherDeriveStream(q, mint.voucher()));
        VoucherMessages.VoucherDeriveStreamReply derived = b.reply(q);
        assertThat(derived.voucherReadCap()).isEqualTo(mint.voucherReadCap());
        byte[] box0 = java.util.Arrays.copyOfRange(derived.voucherReadCap(), 32, 136);
        byte[] payload = b.read(derived.voucherReadCap(), box0, true).plaintext();
        assertThat(payload).isEqualTo(mint.voucherPayload());

        q = qid();
        bob.send(new VoucherMessages.VoucherInduct(q, mint.voucher(), payload, "Bob's group".getBytes()));
        VoucherMessages.VoucherInductReply induct = b.reply(q);
        assertThat(induct.errorCode()).isZero();
        assertThat(induct.displayName()).isEqualTo("Alice");
        assertThat(induct.salt()).hasSize(32);
        assertThat(induct.mutatedMessageReadCap()).hasSize(136);

        q = qid();
        alice.send(new VoucherMessages.VoucherOpen(q, mint.voucherSecretKey(), induct.sealedReply(),
                joinerStream.writeCap()));
        VoucherMessages.VoucherOpenReply open = a.reply(q);
        assertThat(open.errorCode()).isZero();
        assertThat(open.whoReply()).isEqualTo("Bob's group".getBytes());
        assertThat(open.salt()).isEqualTo(induct.salt());
        assertThat(open.mutatedMessageWriteCap()).hasSize(168);

        // the live caps work together: Alice writes with the mutated write cap, Bob reads with the mutated read cap
        byte[] liveIndex = java.util.Arrays.copyOfRange(open.mutatedMessageWriteCap(), 64, 168);
        a.write("welcome".getBytes(), open.mutatedMessageWriteCap(), liveIndex, false);
        assertThat(b.read(induct.mutatedMessageReadCap(), liveIndex, true).plaintext()).isEqualTo("welcome".getBytes());

        // errors
        byte[] tampered = payload.clone();
        tampered[tampered.length - 40] ^= 1;
        q = qid();
        bob.send(new VoucherMessages.VoucherInduct(q, mint.voucher(), tampered, new byte[1]));
        assertThat(((VoucherMessages.VoucherInductReply) b.reply(q)).errorCode()).isEqualTo(28);
        q = qid();
        bob.send(new VoucherMessages.VoucherInduct(q, Hashes.blake2b256(tampered), tampered, new byte[1]));
        assertThat(((VoucherMessages.VoucherInductReply) b.reply(q)).errorCode()).isEqualTo(29);
        q = qid();
        bob.send(new VoucherMessages.VoucherInduct(q, Hashes.blake2b256(new byte[5]), new byte[5], new byte[1]));
        assertThat(((VoucherMessages.VoucherInductReply) b.reply(q)).errorCode()).isEqualTo(3);
        byte[] badSeal = induct.sealedReply().clone();
        badSeal[20] ^= 1;
        q = qid();
        alice.send(new VoucherMessages.VoucherOpen(q, mint.voucherSecretKey(), badSeal, joinerStream.writeCap()));
        assertThat(((VoucherMessages.VoucherOpenReply) a.reply(q)).errorCode()).isEqualTo(30);
        q = qid();
        alice.send(new VoucherMessages.VoucherOpen(q, new byte[10], induct.sealedReply(), joinerStream.writeCap()));
        assertThat(((VoucherMessages.VoucherOpenReply) a.reply(q)).errorCode()).isEqualTo(3);
    }
}
