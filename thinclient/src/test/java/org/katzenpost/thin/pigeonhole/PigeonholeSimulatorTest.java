package org.katzenpost.thin.pigeonhole;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.bytes;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.failure;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.stats.RequestKind;

/** Success paths of every Pigeonhole call, and the outcomes that need the simulator's box store. */
class PigeonholeSimulatorTest extends TwoClientSimulatorTest {
    private static final Duration T = Duration.ofSeconds(10);

    PigeonholeSimulatorTest() {
        super(T);
    }

    private void write(PigeonholeClient p, byte[] plaintext, WriteCap cap, MessageBoxIndex index) {
        p.sync().startResendingEncryptedMessage(p.sync().encryptWrite(plaintext, cap, index));
    }

    private byte[] read(PigeonholeClient p, ReadCap cap, MessageBoxIndex index) {
        return p.sync().startResendingEncryptedMessage(p.sync().encryptRead(cap, index)).requirePlaintext();
    }

    @Test
    void newKeypairIsDeterministic() {
        byte[] seed = bytes(32);
        Keypair a = pa.sync().newKeypair(seed);
        Keypair b = pb.withTimeout(T).newKeypair(seed).join();
        assertThat(a).isEqualTo(b);
        assertThat(a.writeCap().length()).isEqualTo(168);
        assertThat(a.readCap().length()).isEqualTo(136);
        assertThat(a.firstIndex().length()).isEqualTo(104);
        assertThat(pa.sync().newKeypair(bytes(32))).isNotEqualTo(a);
        assertThat(a.toString()).doesNotContain(a.writeCap().toBase64().substring(0, 16));
    }

    @Test
    void indexHelpers() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        MessageBoxIndex i0 = k.firstIndex();
        MessageBoxIndex i1 = pa.sync().nextMessageBoxIndex(i0);
        assertThat(i1).isNotEqualTo(i0);
        assertThat(pa.sync().getMessageBoxIndexCounter(i0)).isEqualTo(i0.counter());
        assertThat(pa.getMessageBoxIndexCounter(i1).join()).isEqualTo(i0.counter() + 1);
        assertThat(i1.counter()).isEqualTo(i0.counter() + 1);
        EncryptedMessage m = pa.sync().encryptRead(k.readCap(), i0);
        assertThat(m.nextIndex()).isEqualTo(i1);
    }

    @Test
    void writeThenReadFromAnotherClient() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        EncryptedMessage w = pa.sync().encryptWrite(utf8("hello bob"), k.writeCap(), k.firstIndex());
        assertThat(w.isWrite()).isTrue();
        assertThat(w.boxIndex()).isEqualTo(k.firstIndex());
        ResendResult written = pa.sync().startResendingEncryptedMessage(w);
        assertThat(written.plaintext()).isEmpty();
        assertThat(written.courier()).isPresent();
        Courier used = written.courier().orElseThrow();
        assertThat(sim.service("courier").toDestination().nodeIdHash()).hasSize(32);
        assertThat(used.identityHash()).hasSize(32);
        ResendResult r = pb.sync().startResendingEncryptedMessage(pb.sync().encryptRead(k.readCap(), k.firstIndex()));
        assertThat(r.requirePlaintext()).isEqualTo(utf8("hello bob"));
        assertThat(r.courier()).isPresent();
        assertThat(r.toString()).doesNotContain("hello");
    }

    @Test
    void maximumPlaintextFitsInOneBox() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        byte[] max = bytes(pa.maxPlaintextPayloadLength());
        write(pa, max, k.writeCap(), k.firstIndex());
        assertThat(read(pb, k.readCap(), k.firstIndex())).isEqualTo(max);
    }

    @Test
    void readWaitsForTheBox() throws Exception {
        Keypair k = pa.sync().newKeypair(bytes(32));
        CompletableFuture<ResendResult> pending = pb.startResendingEncryptedMessage(
                pb.sync().encryptRead(k.readCap(), k.firstIndex()));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !pending.isDone());
        write(pa, utf8("late"), k.writeCap(), k.firstIndex());
        assertThat(pending.get(5, TimeUnit.SECONDS).requirePlaintext()).isEqualTo(utf8("late"));
    }

    @Test
    void boxNotFoundWithoutRetry() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        Throwable t = failure(pa.startResendingEncryptedMessage(pa.sync().encryptRead(k.readCap(), k.firstIndex()),
                ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND));
        assertThat(t).isInstanceOf(ReplicaErrorException.class);
        assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.BOX_ID_NOT_FOUND);
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isTrue();
    }

    @Test
    void boxAlreadyExists() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        write(pa, utf8("first"), k.writeCap(), k.firstIndex());
        // Default: idempotent, success.
        write(pa, utf8("second"), k.writeCap(), k.firstIndex());
        // Reported as an error when asked for.
        EncryptedMessage again = pa.sync().encryptWrite(utf8("third"), k.writeCap(), k.firstIndex());
        Throwable t = failure(pa.startResendingEncryptedMessage(again, ResendOptions.BOX_ALREADY_EXISTS_AS_ERROR));
        assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.BOX_ALREADY_EXISTS);
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isTrue();
        assertThat(read(pb, k.readCap(), k.firstIndex())).isEqualTo(utf8("first"));
    }

    @Test
    void tombstonedBoxReadsAsTombstone() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        write(pa, new byte[0], k.writeCap(), k.firstIndex());
        Throwable t = failure(pb.startResendingEncryptedMessage(pb.sync().encryptRead(k.readCap(), k.firstIndex())));
        assertThat(t).isInstanceOf(ReplicaErrorException.class);
        assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isTrue();
    }

    @Test
    void tombstoneRangeTombstonesEveryBox() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        MessageBoxIndex i = k.firstIndex();
        List<MessageBoxIndex> indices = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            indices.add(i);
            EncryptedMessage w = pa.sync().encryptWrite(utf8("m" + n), k.writeCap(), i);
            pa.sync().startResendingEncryptedMessage(w);
            i = w.nextIndex();
        }
        TombstoneRangeResult r = pa.sync().tombstoneRange(k.writeCap(), k.firstIndex(), 3);
        assertThat(r.tombstoned()).isEqualTo(3);
        assertThat(r.nextIndex()).isEqualTo(i);
        for (MessageBoxIndex idx : indices) {
            Throwable t = failure(pb.startResendingEncryptedMessage(pb.sync().encryptRead(k.readCap(), idx)));
            assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
        }
    }

    @Test
    void tombstoneRangeKeepsPartialProgress() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        MessageBoxIndex i2 = pa.sync().nextMessageBoxIndex(pa.sync().nextMessageBoxIndex(k.firstIndex()));
        // The first two sends get a bare success reply, the third a courier propagation error.
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.SUCCESS);
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.SUCCESS);
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.PROPAGATION_ERROR);
        CompletableFuture<TombstoneRangeResult> f = pa.tombstoneRange(k.writeCap(), k.firstIndex(), 4);
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(TombstoneRangeException.class);
        TombstoneRangeException e = (TombstoneRangeException) t;
        assertThat(e.tombstoned()).isEqualTo(2);
        assertThat(e.nextIndex()).isEqualTo(i2);
        assertThat(e.getCause()).isInstanceOf(DaemonErrorException.class);
        assertThat(((DaemonErrorException) e.getCause()).code()).isEqualTo(ThinErrorCode.PROPAGATION_ERROR);
        // Continue from where it stopped.
        TombstoneRangeResult rest = pa.sync().tombstoneRange(k.writeCap(), e.nextIndex(), 2);
        assertThat(rest.tombstoned()).isEqualTo(2);
    }

    /** The two replies of a cancel: the start fails with code 24, the cancel itself succeeds. */
    @Test
    void cancelFromElsewhere() throws Exception {
        Keypair k = pa.sync().newKeypair(bytes(32));
        EncryptedMessage r = pa.sync().encryptRead(k.readCap(), k.firstIndex());
        CompletableFuture<ResendResult> start = pa.startResendingEncryptedMessage(r);
        // the simulator reads one connection's requests in order: the cancel is handled after the start
        sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        pa.sync().cancelResendingEncryptedMessage(r.envelopeHash());
        Throwable t = failure(start);
        assertThat(t).isInstanceOf(ResendingCancelledException.class);
        assertThat(((ResendingCancelledException) t).code()).isEqualTo(ThinErrorCode.START_RESENDING_CANCELLED);
        // Unknown hashes are fine too.
        pa.sync().cancelResendingEncryptedMessage(EnvelopeHash.of(bytes(32)));
    }

    @Test
    void cancelledReadNeverCompletes() throws Exception {
        Keypair k = pa.sync().newKeypair(bytes(32));
        EncryptedMessage r = pb.sync().encryptRead(k.readCap(), k.firstIndex());
        CompletableFuture<ResendResult> start = pb.startResendingEncryptedMessage(r);
        sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        start.cancel(false);
        sim.awaitRequest(RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE, T);
        assertThatThrownBy(() -> Futures.await(start)).hasMessageContaining("cancelled");
        write(pa, utf8("after cancel"), k.writeCap(), k.firstIndex());
        // The box is there, and a new read finds it.
        assertThat(read(pb, k.readCap(), k.firstIndex())).isEqualTo(utf8("after cancel"));
    }

    /** The raw copy-stream workflow of docs/protocol.md#copy-commands, 1 MiB, byte-identical. */
    @Test
    void copyCommandWritesAPayloadAtomically() {
        Keypair dest = pa.sync().newKeypair(bytes(32));
        byte[] payload = bytes(1 << 20);
        CourierEnvelopes ce = pa.sync().createCourierEnvelopesFromPayload(payload, dest.writeCap(),
                dest.firstIndex(), true, true);
        assertThat(ce.envelopeCount()).isPositive();
        assertThat(ce.buffer().isEmpty()).isTrue();
        Keypair temp = pa.sync().newKeypair(bytes(32));
        writeAll(pa, temp, ce.envelopes());
        assertThat(boxesReadable(pb, dest.readCap(), dest.firstIndex())).isZero();
        pa.sync().startResendingCopyCommand(temp.writeCap());
        assertThat(readAll(pb, dest.readCap(), dest.firstIndex(), payload.length)).isEqualTo(payload);
    }

    @Test
    void copyCommandThroughAGivenCourier() {
        Keypair dest = pa.sync().newKeypair(bytes(32));
        CourierEnvelopes ce = pa.sync().createCourierEnvelopesFromPayload(utf8("via courier"), dest.writeCap(),
                dest.firstIndex(), true, true);
        Keypair temp = pa.sync().newKeypair(bytes(32));
        writeAll(pa, temp, ce.envelopes());
        Courier courier = Courier.of(sim.service("courier"));
        pa.sync().startResendingCopyCommand(temp.writeCap(), courier);
        assertThat(read(pb, dest.readCap(), dest.firstIndex())).isEqualTo(utf8("via courier"));
        RecordedRequest sent = sim.requests(RequestKind.START_RESENDING_COPY_COMMAND).get(0);
        assertThat(sent.courier()).isEqualTo(courier);
        assertThat(sent.writeCap()).isEqualTo(temp.writeCap());
    }

    @Test
    void copyCommandFailureCarriesTheReplicaReason() {
        Keypair dest = pa.sync().newKeypair(bytes(32));
        CourierEnvelopes ce = pa.sync().createCourierEnvelopesFromPayload(bytes(5000), dest.writeCap(),
                dest.firstIndex(), true, true);
        Keypair temp = pa.sync().newKeypair(bytes(32));
        writeAll(pa, temp, ce.envelopes());
        sim.failNextCopyCommand(ReplicaErrorCode.BOX_ALREADY_EXISTS.code(), 2);
        Throwable t = failure(pa.startResendingCopyCommand(temp.writeCap()));
        assertThat(t).isInstanceOf(CopyCommandFailedException.class);
        CopyCommandFailedException e = (CopyCommandFailedException) t;
        assertThat(e.replicaErrorCode()).contains(ReplicaErrorCode.BOX_ALREADY_EXISTS);
        assertThat(e.failedEnvelopeIndex()).hasValue(2);
        assertThat(PigeonholeClient.isExpectedOutcome(e)).isFalse();
        assertThat(boxesReadable(pb, dest.readCap(), dest.firstIndex())).isZero();
    }

    @Test
    void cancelCopyCommandByWriteCapHash() throws Exception {
        Keypair temp = pa.sync().newKeypair(bytes(32)); // empty temporary stream: the courier keeps polling
        CompletableFuture<Void> copy = pa.startResendingCopyCommand(temp.writeCap());
        sim.awaitRequest(RequestKind.START_RESENDING_COPY_COMMAND, T); // handled in order, before the cancel
        pa.sync().cancelResendingCopyCommand(temp.writeCap().hash());
        assertThat(failure(copy)).isInstanceOf(ResendingCancelledException.class);
        pa.sync().cancelResendingCopyCommand(temp.writeCap().hash()); // unknown now: still fine
    }

    /** Two destinations, packed over two calls with the encoder buffer carried between them. */
    @Test
    void multiPayloadWithCarriedBuffer() {
        Keypair d1 = pa.sync().newKeypair(bytes(32));
        Keypair d2 = pa.sync().newKeypair(bytes(32));
        byte[] p1 = bytes(3000);
        byte[] p2 = bytes(200);
        byte[] p3 = bytes(4100);
        CourierEnvelopes first = pa.sync().createCourierEnvelopesFromPayloads(List.of(
                new CopyDestination(p1, d1.writeCap(), d1.firstIndex()),
                new CopyDestination(p2, d2.writeCap(), d2.firstIndex())), true, false, CopyStreamBuffer.EMPTY);
        assertThat(first.nextDestIndices()).hasSize(2);
        CourierEnvelopes second = pa.sync().createCourierEnvelopesFromPayloads(List.of(
                new CopyDestination(p3, d2.writeCap(), first.nextDestIndices().get(1))), false, true, first.buffer());
        assertThat(second.buffer().isEmpty()).isTrue();
        List<byte[]> all = new ArrayList<>(first.envelopes());
        all.addAll(second.envelopes());
        Keypair temp = pa.sync().newKeypair(bytes(32));
        writeAll(pa, temp, all);
        pa.sync().startResendingCopyCommand(temp.writeCap());
        assertThat(readAll(pb, d1.readCap(), d1.firstIndex(), p1.length)).isEqualTo(p1);
        byte[] both = new byte[p2.length + p3.length];
        System.arraycopy(p2, 0, both, 0, p2.length);
        System.arraycopy(p3, 0, both, p2.length, p3.length);
        assertThat(readAll(pb, d2.readCap(), d2.firstIndex(), both.length)).isEqualTo(both);
    }

    @Test
    void tombstoneRangeThroughACopyCommand() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        write(pa, utf8("to delete"), k.writeCap(), k.firstIndex());
        CourierEnvelopes ce = pa.sync().createCourierEnvelopesFromTombstoneRange(k.writeCap(), k.firstIndex(), 3,
                true, true, null);
        assertThat(ce.envelopeCount()).isPositive();
        MessageBoxIndex expected = k.firstIndex();
        for (int i = 0; i < 3; i++) {
            expected = pa.sync().nextMessageBoxIndex(expected);
        }
        assertThat(ce.nextDestIndex()).isEqualTo(expected);
        Keypair temp = pa.sync().newKeypair(bytes(32));
        writeAll(pa, temp, ce.envelopes());
        pa.sync().startResendingCopyCommand(temp.writeCap());
        MessageBoxIndex i = k.firstIndex();
        for (int n = 0; n < 3; n++) {
            Throwable t = failure(pb.startResendingEncryptedMessage(pb.sync().encryptRead(k.readCap(), i)));
            assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
            i = pa.sync().nextMessageBoxIndex(i);
        }
        CourierEnvelopes none = pa.sync().createCourierEnvelopesFromTombstoneRange(k.writeCap(), k.firstIndex(), 0,
                true, true, CopyStreamBuffer.EMPTY);
        assertThat(none.envelopeCount()).isZero();
        assertThat(none.nextDestIndex()).isEqualTo(k.firstIndex());
    }

    /** A voucher minted by one client is inducted by another, and opened by the first. */
    @Test
    void voucherRoundTrip() {
        Keypair joinerStream = pa.sync().newKeypair(bytes(32));
        MintedVoucher minted = pa.sync().voucherMint(joinerStream.writeCap(), "alice");
        assertThat(minted.voucher().length()).isEqualTo(32);
        // Joiner writes the payload to box 0 of the voucher stream.
        write(pa, minted.voucherPayload(), minted.voucherWriteCap(), minted.firstIndex());

        // Inductor: derive the stream from the voucher alone, read box 0, induct, write the sealed reply to box 1.
        VoucherStream stream = pb.sync().voucherDeriveStream(minted.voucher());
        assertThat(stream.readCap()).isEqualTo(minted.voucherReadCap());
        assertThat(stream.writeCap()).isEqualTo(minted.voucherWriteCap());
        byte[] payload = read(pb, stream.readCap(), stream.firstIndex());
        byte[] who = utf8("bob's group read caps");
        VoucherInduction induction = pb.sync().voucherInduct(minted.voucher(), payload, who);
        assertThat(induction.displayName()).isEqualTo("alice");
        assertThat(induction.salt()).hasSize(32);
        MessageBoxIndex box1 = pb.sync().nextMessageBoxIndex(stream.firstIndex());
        write(pb, induction.sealedReply(), stream.writeCap(), box1);

        // Joiner reads box 1 and opens it.
        byte[] sealed = read(pa, minted.voucherReadCap(), pa.sync().nextMessageBoxIndex(minted.firstIndex()));
        OpenedVoucher opened = pa.sync().voucherOpen(minted.voucherSecretKey(), sealed, joinerStream.writeCap());
        assertThat(opened.whoReply()).isEqualTo(who);
        assertThat(opened.salt()).isEqualTo(induction.salt());

        // The mutated caps form a live stream: what the joiner writes, the inductor reads.
        WriteCap live = opened.mutatedMessageWriteCap();
        ReadCap liveRead = induction.mutatedMessageReadCap();
        write(pa, utf8("hi group"), live, live.firstIndex());
        assertThat(read(pb, liveRead, liveRead.firstIndex())).isEqualTo(utf8("hi group"));
    }

    @Test
    void voucherErrors() {
        Keypair k = pa.sync().newKeypair(bytes(32));
        MintedVoucher minted = pa.sync().voucherMint(k.writeCap(), "alice");
        byte[] tampered = minted.voucherPayload();
        tampered[tampered.length - 1] ^= 1;
        Throwable t = failure(pb.voucherInduct(minted.voucher(), tampered, utf8("x")));
        assertThat(((DaemonErrorException) t).code()).isEqualTo(ThinErrorCode.VOUCHER_HASH_MISMATCH);
        VoucherInduction ind = pb.sync().voucherInduct(minted.voucher(), minted.voucherPayload(), utf8("x"));
        byte[] badSeal = ind.sealedReply();
        badSeal[badSeal.length - 1] ^= 1;
        t = failure(pa.voucherOpen(minted.voucherSecretKey(), badSeal, k.writeCap()));
        assertThat(((DaemonErrorException) t).code()).isEqualTo(ThinErrorCode.VOUCHER_SEAL_OPEN_FAILED);
    }

    /** docs/protocol.md#reconnect: after a daemon restart the client re-sends the in-flight read, and it still completes. */
    @Test
    void inFlightReadSurvivesADaemonRestart() throws Exception {
        Keypair k = pa.sync().newKeypair(bytes(32));
        EncryptedMessage r = pb.sync().encryptRead(k.readCap(), k.firstIndex());
        CompletableFuture<ResendResult> pending = pb.withTimeout(Duration.ofSeconds(30)).startResendingEncryptedMessage(r);
        sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        sim.restart();
        assertThat(sim.await(() -> sim.requests(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE).size() >= 2,
                Duration.ofSeconds(15))).isTrue();
        List<RecordedRequest> starts = sim.requests(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE);
        assertThat(starts.get(1).queryId()).isNotNull().isEqualTo(starts.get(0).queryId());
        assertThat(starts.get(1).connectionId()).isGreaterThan(starts.get(0).connectionId());
        assertThat(sim.await(alice::isDaemonConnected, Duration.ofSeconds(15))).isTrue();
        write(pa, utf8("after restart"), k.writeCap(), k.firstIndex());
        assertThat(pending.get(15, TimeUnit.SECONDS).requirePlaintext()).isEqualTo(utf8("after restart"));
    }

    @Test
    void localCallsWorkInOfflineMode() {
        sim.setMixnetConnected(false);
        Keypair k = pa.sync().newKeypair(bytes(32));
        assertThat(pa.sync().nextMessageBoxIndex(k.firstIndex())).isNotNull();
        assertThat(pa.sync().encryptWrite(utf8("x"), k.writeCap(), k.firstIndex())).isNotNull();
        assertThat(pa.sync().voucherMint(k.writeCap(), "a")).isNotNull();
        // A send waits for the link (the daemon queues it) and gives up at the deadline.
        EncryptedMessage w = pa.sync().encryptWrite(utf8("x"), k.writeCap(), k.firstIndex());
        assertThatThrownBy(() -> pa.sync().withTimeout(Duration.ofMillis(300)).startResendingEncryptedMessage(w)).isInstanceOf(org.katzenpost.thin.RequestTimeoutException.class);
    }

    // ------------------------------------------------------------------ helpers

    /** Writes each element to consecutive boxes of {@code temp}, as the copy workflow requires. */
    static void writeAll(PigeonholeClient p, Keypair temp, List<byte[]> elements) {
        MessageBoxIndex i = temp.firstIndex();
        List<CompletableFuture<ResendResult>> sends = new ArrayList<>();
        for (byte[] e : elements) {
            EncryptedMessage m = p.sync().encryptWrite(e, temp.writeCap(), i);
            sends.add(p.startResendingEncryptedMessage(m));
            i = m.nextIndex();
        }
        for (CompletableFuture<ResendResult> f : sends) {
            Futures.await(f);
        }
    }

    /** Concatenates box plaintexts from {@code start} until {@code length} bytes are read. */
    static byte[] readAll(PigeonholeClient p, ReadCap cap, MessageBoxIndex start, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageBoxIndex i = start;
        while (out.size() < length) {
            EncryptedMessage q = p.sync().encryptRead(cap, i);
            out.writeBytes(p.sync().startResendingEncryptedMessage(q).requirePlaintext());
            i = q.nextIndex();
        }
        return out.toByteArray();
    }

    /** 1 if the first box exists, 0 if not (without waiting). */
    static int boxesReadable(PigeonholeClient p, ReadCap cap, MessageBoxIndex index) {
        try {
            p.sync().startResendingEncryptedMessage(p.sync().encryptRead(cap, index),
                    ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND);
            return 1;
        } catch (ReplicaErrorException e) {
            if (e.code() == ReplicaErrorCode.BOX_ID_NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }
}
