package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.ChannelReader;
import org.katzenpost.thin.pigeonhole.ChannelState;
import org.katzenpost.thin.pigeonhole.ChannelWriter;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.CourierEnvelopes;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;
import org.katzenpost.thin.pigeonhole.ResendOptions;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * The Pigeonhole API against the real kpclientd v0.0.99 and replicas of the local testnet. Alice and Bob are two
 * clients with connections of their own: whatever Bob reads, he read through the mixnet from the replicas, never
 * from state in Alice's session. Bob only ever gets read caps, passed as base64 as an application would.
 */
@RequiresTestnet
class PigeonholeIT {
    private static final Duration READ_DEADLINE = Duration.ofMinutes(4);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static ThinClient alice;
    private static ThinClient bob;
    private static PigeonholeClient pa;
    private static PigeonholeClient pb;

    @BeforeAll
    static void connect() {
        alice = ThinClient.connect(Testnet.config().build());
        bob = ThinClient.connect(Testnet.config().build());
        alice.sync().awaitPkiDocument(Duration.ofMinutes(3));
        bob.sync().awaitPkiDocument(Duration.ofMinutes(3));
        pa = alice.pigeonhole().withTimeout(Duration.ofMinutes(5));
        pb = bob.pigeonhole().withTimeout(Duration.ofMinutes(5));
    }

    @AfterAll
    static void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** What Bob receives out of band: the read cap, as text. */
    private static ReadCap handOver(ReadCap cap) {
        return ReadCap.fromBase64(cap.toBase64());
    }

    @Test
    void secondClientReadsTheExactBytesOfAFullBox() {
        int max = pa.maxPlaintextPayloadLength();
        assertThat(max).isEqualTo(alice.pigeonholeGeometry().maxPlaintextPayloadLength()).isPositive();
        byte[] data = random(max); // a box filled to the geometry's limit
        Keypair stream = Figures.time("pigeonhole.new_keypair", () -> pa.sync().newKeypair(PigeonholeClient.randomSeed()));

        EncryptedMessage w = Figures.time("pigeonhole.encrypt_write",
                () -> pa.sync().encryptWrite(data, stream.writeCap(), stream.firstIndex()));
        assertThat(w.isWrite()).isTrue();
        ResendResult written = Figures.time("pigeonhole.write_arq", () -> pa.sync().startResendingEncryptedMessage(w));
        assertThat(written.plaintext()).isEmpty();
        assertThat(written.courier()).as("the reply names the courier").isPresent();

        ReadCap bobsCap = handOver(stream.readCap());
        EncryptedMessage r = Figures.time("pigeonhole.encrypt_read",
                () -> pb.sync().encryptRead(bobsCap, bobsCap.firstIndex()));
        assertThat(r.isRead()).isTrue();
        ResendResult read = Figures.time("pigeonhole.read_arq",
                () -> pb.sync().withTimeout(READ_DEADLINE).startResendingEncryptedMessage(r));
        assertThat(read.requirePlaintext()).isEqualTo(data);

        // One byte more is refused locally, before anything is sent.
        assertThat(catchThrowable(() -> pa.encryptWrite(new byte[max + 1], stream.writeCap(), w.nextIndex())))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void channelCarriesSeveralMessagesInOrderToAnotherClient() throws Exception {
        ChannelState state = pa.sync().createChannel();
        String forBob = state.forReaderOnly().toBase64();
        ChannelWriter writer = pa.withTimeout(Duration.ofMinutes(3)).channelWriter(state); // each send: 3 min
        ChannelReader reader = pb.channelReader(ChannelState.fromBase64(forBob));
        List<byte[]> messages = List.of("first".getBytes(StandardCharsets.UTF_8), new byte[0],
                random(writer.maxSingleBoxMessageLength()), "last".getBytes(StandardCharsets.UTF_8));

        // Bob starts waiting before Alice has written anything: his first read waits for an unwritten box.
        java.util.concurrent.CompletableFuture<List<byte[]>> received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                long t0 = System.nanoTime();
                got.add(reader.receive(READ_DEADLINE));
                Figures.printMs("pigeonhole.channel.receive", t0, System.nanoTime());
            }
            return got;
        });
        for (byte[] m : messages) {
            Figures.time("pigeonhole.channel.send", () -> writer.send(m));
        }
        List<byte[]> got = received.get(10, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(got).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(got.get(i)).as("message %d", i).isEqualTo(messages.get(i));
        }
        assertThat(writer.hasPendingMessage()).isFalse();
        assertThat(reader.state().nextIndex()).isEqualTo(writer.state().nextIndex());
        assertThat(Long.toUnsignedString(writer.state().nextIndex().counter() - state.nextIndex().counter()))
                .as("one box per small message").isEqualTo(String.valueOf(messages.size()));
    }

    /**
     * A channel message of six boxes is encoded in two daemon calls (four boxes, then two, the copy stream's residue
     * carried from the first to the second) and read back whole: the chunked encoding writes the boxes the reader
     * expects on the real daemon, not only on the simulator.
     */
    @Test
    void aChannelMessageEncodedInSeveralCallsArrivesWhole() throws Exception {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.withTimeout(Duration.ofMinutes(3)).channelWriter(state);
        ChannelReader reader = pb.channelReader(ChannelState.fromBase64(state.forReaderOnly().toBase64()));
        byte[] message = random((pa.maxPlaintextPayloadLength() - 4) * 5 + 100); // six boxes with the header
        Figures.time("pigeonhole.channel.send_chunked", () -> writer.send(message));
        assertThat(writer.hasPendingMessage()).isFalse();
        byte[] got = Figures.time("pigeonhole.channel.receive_chunked", () -> reader.receive(READ_DEADLINE));
        assertThat(got).isEqualTo(message);
        assertThat(reader.state().nextIndex()).isEqualTo(writer.state().nextIndex());
    }

    @Test
    void multiBoxPayloadThroughACopyCommandArrivesByteIdentical() {
        int max = pa.maxPlaintextPayloadLength();
        byte[] payload = random(2 * max + max / 2); // three destination boxes
        Keypair dest = pa.sync().newKeypair(PigeonholeClient.randomSeed());

        // 1. The copy stream that writes the payload into the destination stream.
        CourierEnvelopes ce = Figures.time("pigeonhole.create_courier_envelopes_from_payload",
                () -> pa.sync().createCourierEnvelopesFromPayload(payload, dest.writeCap(), dest.firstIndex(), true, true));
        assertThat(ce.envelopeCount()).isPositive();
        assertThat(ce.buffer().isEmpty()).isTrue();
        long destBoxes = ce.nextDestIndex().counter() - dest.firstIndex().counter();
        Figures.print("pigeonhole.copy.destination_boxes", destBoxes);
        Figures.print("pigeonhole.copy.elements", ce.envelopeCount());
        for (byte[] e : ce.envelopes()) {
            assertThat(e.length).as("each element fits one temporary box").isBetween(1, max);
        }

        // 2. Elements into a temporary stream; 3. one copy command.
        Keypair temp = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        long t0 = System.nanoTime();
        MessageBoxIndex idx = temp.firstIndex();
        List<java.util.concurrent.CompletableFuture<ResendResult>> writes = new ArrayList<>();
        for (byte[] element : ce.envelopes()) {
            EncryptedMessage m = pa.sync().encryptWrite(element, temp.writeCap(), idx);
            writes.add(pa.startResendingEncryptedMessage(m));
            idx = m.nextIndex();
        }
        writes.forEach(Futures::await);
        Figures.printMs("pigeonhole.copy.temp_stream_written", t0, System.nanoTime());
        Figures.time("pigeonhole.copy.command", () -> pa.sync().startResendingCopyCommand(temp.writeCap(), null));

        // Bob reads the destination boxes one after the other and gets the payload back.
        ReadCap bobsCap = handOver(dest.readCap());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        MessageBoxIndex at = bobsCap.firstIndex();
        int boxes = 0;
        long r0 = System.nanoTime();
        while (got.size() < payload.length) {
            EncryptedMessage q = pb.sync().encryptRead(bobsCap, at);
            got.writeBytes(pb.sync().withTimeout(READ_DEADLINE).startResendingEncryptedMessage(q)
                    .requirePlaintext());
            at = q.nextIndex();
            boxes++;
        }
        Figures.printMs("pigeonhole.copy.read_back", r0, System.nanoTime());
        assertThat(got.toByteArray()).isEqualTo(payload);
        assertThat((long) boxes).isEqualTo(destBoxes);
    }

    @Test
    void tombstonedBoxReadsAsTombstone() {
        Keypair stream = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        EncryptedMessage tomb = pa.sync().encryptWrite(new byte[0], stream.writeCap(), stream.firstIndex());
        pa.sync().startResendingEncryptedMessage(tomb);

        ReadCap bobsCap = handOver(stream.readCap());
        EncryptedMessage q = pb.sync().encryptRead(bobsCap, bobsCap.firstIndex());
        Throwable t = catchThrowable(() -> pb.sync().withTimeout(READ_DEADLINE).startResendingEncryptedMessage(q));
        assertThat(t).isInstanceOf(ReplicaErrorException.class);
        assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.TOMBSTONE);
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isTrue();
    }

    @Test
    void neverWrittenBoxWithNoRetryIsBoxNotFound() {
        Keypair stream = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        ReadCap bobsCap = handOver(stream.readCap());
        EncryptedMessage q = pb.sync().encryptRead(bobsCap, bobsCap.firstIndex());
        long t0 = System.nanoTime();
        Throwable t = catchThrowable(() -> pb.sync().withTimeout(READ_DEADLINE).startResendingEncryptedMessage(q,
                ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND));
        Figures.printMs("pigeonhole.read_not_found_no_retry", t0, System.nanoTime());
        assertThat(t).isInstanceOf(ReplicaErrorException.class);
        assertThat(((ReplicaErrorException) t).code()).isEqualTo(ReplicaErrorCode.BOX_ID_NOT_FOUND);
        assertThat(((ReplicaErrorException) t).courier()).isPresent();
        assertThat(PigeonholeClient.isExpectedOutcome(t)).isTrue();
    }

    @Test
    void indexHelpersStepTheCounterByOne() {
        byte[] seed = PigeonholeClient.randomSeed();
        Keypair k = pa.sync().newKeypair(seed);
        assertThat(pb.sync().newKeypair(seed)).as("same seed, same stream, on another connection").isEqualTo(k);
        MessageBoxIndex first = k.firstIndex();
        assertThat(k.writeCap().firstIndex()).isEqualTo(first);
        assertThat(k.readCap().firstIndex()).isEqualTo(first);
        assertThat(k.writeCap().readCap()).isEqualTo(k.readCap());

        long c0 = Figures.time("pigeonhole.get_message_box_index_counter",
                () -> pa.sync().getMessageBoxIndexCounter(first));
        assertThat(c0).as("the daemon reads the counter as we do").isEqualTo(first.counter());
        MessageBoxIndex i1 = Figures.time("pigeonhole.next_message_box_index", () -> pa.sync().nextMessageBoxIndex(first));
        MessageBoxIndex i2 = pb.sync().nextMessageBoxIndex(i1);
        assertThat(i1).isNotEqualTo(first);
        assertThat(pa.sync().getMessageBoxIndexCounter(i1)).isEqualTo(c0 + 1).isEqualTo(i1.counter());
        assertThat(pb.sync().getMessageBoxIndexCounter(i2)).isEqualTo(c0 + 2).isEqualTo(i2.counter());
        assertThat(pb.sync().nextMessageBoxIndex(first)).as("deterministic").isEqualTo(i1);
        // encrypt_read/encrypt_write report the same next index.
        assertThat(pa.sync().encryptRead(k.readCap(), first).nextIndex()).isEqualTo(i1);
    }

    @Test
    void copyStreamBuildersReturnEnvelopes() {
        int max = pa.maxPlaintextPayloadLength();
        Keypair d1 = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        Keypair d2 = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        WriteCap w1 = d1.writeCap();

        CourierEnvelopes single = pa.sync().createCourierEnvelopesFromPayload(random(max + 1), w1, d1.firstIndex(),
                true, true);
        assertThat(single.envelopeCount()).isPositive();
        assertThat(single.buffer().isEmpty()).isTrue();
        assertThat(single.nextDestIndex().counter() - d1.firstIndex().counter()).as("two boxes").isEqualTo(2);

        CourierEnvelopes multi = Figures.time("pigeonhole.create_courier_envelopes_from_multi_payload",
                () -> pa.sync().createCourierEnvelopesFromPayloads(List.of(
                        new CopyDestination(random(100), w1, d1.firstIndex()),
                        new CopyDestination(random(100), d2.writeCap(), d2.firstIndex())),
                        true, false, CopyStreamBuffer.EMPTY));
        assertThat(multi.nextDestIndices()).hasSize(2);
        assertThat(multi.nextDestIndices().get(0).counter()).isEqualTo(d1.firstIndex().counter() + 1);
        assertThat(multi.nextDestIndices().get(1).counter()).isEqualTo(d2.firstIndex().counter() + 1);
        Figures.print("pigeonhole.multi_payload.not_last.envelopes", multi.envelopeCount());
        Figures.print("pigeonhole.multi_payload.not_last.buffer_bytes", multi.buffer().length());
        assertThat(multi.envelopeCount() + multi.buffer().length()).as("something was produced").isPositive();

        CourierEnvelopes tombs = Figures.time("pigeonhole.create_courier_envelopes_from_tombstone_range",
                () -> pa.sync().createCourierEnvelopesFromTombstoneRange(d2.writeCap(),
                        multi.nextDestIndices().get(1), 2, false, true, multi.buffer()));
        assertThat(tombs.envelopeCount()).isPositive();
        assertThat(tombs.buffer().isEmpty()).as("isLast flushes").isTrue();
        assertThat(tombs.nextDestIndex().counter()).isEqualTo(d2.firstIndex().counter() + 3);

        CourierEnvelopes none = pa.sync().createCourierEnvelopesFromTombstoneRange(w1, d1.firstIndex(), 0, true, true,
                CopyStreamBuffer.EMPTY);
        assertThat(none.envelopeCount()).isZero();
        assertThat(none.nextDestIndex()).isEqualTo(d1.firstIndex());
    }
}
