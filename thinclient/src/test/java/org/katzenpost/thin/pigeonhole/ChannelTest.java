package org.katzenpost.thin.pigeonhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.katzenpost.thin.pigeonhole.PigeonholeErrorPathsTest.bytes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.ConnectionState;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ReconnectDelay;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.pigeonhole.CopyChunks.Piece;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.stats.RequestKind;

/** The channel API: Alice writes with one client, Bob reads with another. */
class ChannelTest extends TwoClientSimulatorTest {
    private static final Duration T = Duration.ofSeconds(20);

    ChannelTest() {
        super(T);
    }

    @Override
    KpclientdSimulator.Builder simulator() {
        return KpclientdSimulator.builder().pigeonholeLatency(Duration.ofMillis(1));
    }

    /** The payload bytes of one copy-stream call of {@link ChannelWriter}: its chunk of boxes. */
    private int chunkBytes() {
        return CopyChunks.boxPayloadLength(pa.maxPlaintextPayloadLength()) * ChannelWriter.COPY_CHUNK_BOXES;
    }

    @Test
    void aliceWritesAHundredMessagesBobReadsThemInOrder() throws Exception {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        ChannelReader reader = pb.channelReader(ChannelState.fromBase64(state.forReaderOnly().toBase64()));
        // Bob starts reading before Alice has written anything: he waits through the gaps.
        CompletableFuture<Void> bobDone = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                assertThat(new String(reader.receive(T), StandardCharsets.UTF_8)).isEqualTo("message " + i);
            }
        });
        for (int i = 0; i < 100; i++) {
            writer.send(utf8("message " + i));
        }
        bobDone.get(60, TimeUnit.SECONDS);
        assertThat(writer.state().nextIndex()).isEqualTo(reader.state().nextIndex());
        assertThat(writer.state().nextIndex().counter()).isEqualTo(state.nextIndex().counter() + 100);
    }

    @Test
    void oneMebibyteGoesThroughACopyStreamByteIdentical() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.withTimeout(Duration.ofSeconds(60)).channelWriter(state);
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        byte[] big = bytes(1 << 20);
        writer.send(utf8("before"));
        writer.send(big);
        writer.send(utf8("after"));
        assertThat(sim.requests(RequestKind.START_RESENDING_COPY_COMMAND)).hasSize(1);
        assertThat(reader.receive(T)).isEqualTo(utf8("before"));
        assertThat(reader.receive(Duration.ofSeconds(60))).isEqualTo(big);
        assertThat(reader.receive(T)).isEqualTo(utf8("after"));
        assertThat(reader.state().nextIndex()).isEqualTo(writer.state().nextIndex());
    }

    /**
     * A message of several chunks: one daemon call per {@link ChannelWriter#COPY_CHUNK_BOXES} boxes, each with its
     * own deadline, and the channel's boxes are the frame cut from its start into boxes, as one call made them.
     */
    @Test
    void aLargeMessageIsEncodedAFewBoxesPerCallIntoTheSameBoxes() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        int boxBytes = CopyChunks.boxPayloadLength(pa.maxPlaintextPayloadLength());
        byte[] big = bytes(boxBytes * ChannelWriter.COPY_CHUNK_BOXES * 4 + 3); // frame: 4 full chunks and 8 bytes
        sim.clearRequests();
        writer.send(big);
        assertThat(sim.requests(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).hasSize(5);
        assertThat(sim.requests(RequestKind.CREATE_COURIER_ENVELOPES_FROM_PAYLOAD)).isEmpty();
        assertThat(sim.requests(RequestKind.START_RESENDING_COPY_COMMAND)).hasSize(1);
        byte[] frame = ChannelFrames.frame(big);
        MessageBoxIndex index = state.nextIndex();
        ReadCap cap = state.readCap().orElseThrow();
        for (int from = 0; from < frame.length; from += boxBytes) {
            byte[] box = pb.sync().startResendingEncryptedMessage(pb.sync().encryptRead(cap, index),
                    ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND).requirePlaintext();
            assertThat(box).as("box at byte %d", from)
                    .isEqualTo(java.util.Arrays.copyOfRange(frame, from, Math.min(frame.length, from + boxBytes)));
            index = pb.sync().nextMessageBoxIndex(index);
        }
        assertThat(PigeonholeSimulatorTest.boxesReadable(pb, cap, index)).as("no box after the message").isZero();
        assertThat(reader.receive(T)).isEqualTo(big);
        assertThat(reader.state().nextIndex()).isEqualTo(writer.state().nextIndex());
    }

    /**
     * A message over 10 MiB: its pieces are cut from the start of each 10 MiB segment, as the one call per segment
     * before chunking cut its boxes, so the channel's boxes stay what they were; pieces cut from the message's start
     * would put a box across the segment boundary (boxes of 1,545 bytes do not divide 10 MiB).
     */
    @Test
    void aMessageOverTenMebibytesIsCutFromTheStartOfEachSegment() {
        int max = 1549; // the testnet's MaxPlaintextPayloadLength
        int segment = PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH;
        int chunk = ChannelWriter.COPY_CHUNK_BOXES * CopyChunks.boxPayloadLength(max);
        List<Piece> pieces = ChannelWriter.copyPieces(segment + 10_000, max);
        assertThat(pieces).anySatisfy(p -> assertThat(p.offset()).isEqualTo(segment));
        assertThat(pieces).allSatisfy(p -> {
            assertThat(p.offset() / segment).as("within one segment").isEqualTo((p.end() - 1) / segment);
            assertThat((p.offset() % segment) % chunk).as("at a chunk of its segment").isZero();
        });
        assertThat(pieces.get(pieces.size() - 1).end()).isEqualTo(segment + 10_000);
    }

    /**
     * Issue 13, "large files fail with the default deadline": the daemon calls of a large message together take
     * longer than the view's deadline, each one well within it, and the message goes through.
     */
    @Test
    void aLargeMessageGetsOneDeadlinePerDaemonCallNotOneForTheWhole() {
        ChannelState state = pa.sync().createChannel();
        Duration deadline = Duration.ofMillis(1500);
        ChannelWriter writer = pa.withTimeout(deadline).channelWriter(state);
        byte[] big = bytes(chunkBytes() * 4 + 3);
        Duration slow = Duration.ofMillis(500);
        sim.delay(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD, slow);
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, slow);
        sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, slow);
        long t0 = System.nanoTime();
        writer.send(big);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the send took longer than one deadline")
                .isGreaterThan(deadline);
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ZERO); // the reader's reads: no delay
        assertThat(pb.channelReader(state.forReaderOnly()).receive(T)).isEqualTo(big);
    }

    /** The courier writes every box before it answers a copy command: its wait grows with the elements. */
    @Test
    void theCopyCommandOfALargeMessageWaitsLongerThanOneDeadline() {
        ChannelState state = pa.sync().createChannel();
        Duration deadline = Duration.ofMillis(1000);
        ChannelWriter writer = pa.withTimeout(deadline).channelWriter(state);
        byte[] big = bytes(chunkBytes() * 2 + 3);
        sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, Duration.ofMillis(2500));
        writer.send(big);
        sim.delay(RequestKind.START_RESENDING_COPY_COMMAND, Duration.ZERO);
        assertThat(writer.hasPendingMessage()).isFalse();
        assertThat(pb.channelReader(state.forReaderOnly()).receive(T)).isEqualTo(big);
    }

    @Test
    void aMessageOfOneChunkIsStillOneCall() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        byte[] message = bytes(chunkBytes() - 5);
        sim.clearRequests();
        writer.send(message);
        assertThat(sim.requests(RequestKind.CREATE_COURIER_ENVELOPES_FROM_PAYLOAD)).hasSize(1);
        assertThat(sim.requests(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).isEmpty();
        assertThat(pb.channelReader(state.forReaderOnly()).receive(T)).isEqualTo(message);
    }

    @Test
    void messageSizesAroundTheBoxLimit() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        int single = writer.maxSingleBoxMessageLength();
        assertThat(single).isEqualTo(pa.maxPlaintextPayloadLength() - 5);
        byte[][] messages = {new byte[0], bytes(1), bytes(single), bytes(single + 1), bytes(3 * single + 7)};
        for (byte[] m : messages) {
            writer.send(m);
        }
        assertThat(sim.requests(RequestKind.START_RESENDING_COPY_COMMAND)).hasSize(2);
        for (byte[] m : messages) {
            assertThat(reader.receive(T)).isEqualTo(m);
        }
        assertThatThrownBy(() -> writer.send(new byte[ChannelWriter.MAX_MESSAGE_LENGTH + 1]))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void stateResumesAfterARestartOfBothApps() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        writer.send(utf8("one"));
        writer.send(utf8("two"));
        assertThat(reader.receive(T)).isEqualTo(utf8("one"));
        String savedWriter = writer.state().toBase64();
        byte[] savedReader = reader.state().toBytes();
        alice.close();
        bob.close();

        alice = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(T).build());
        bob = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(T).build());
        ChannelWriter writer2 = alice.pigeonhole().channelWriter(ChannelState.fromBase64(savedWriter));
        ChannelReader reader2 = bob.pigeonhole().channelReader(ChannelState.fromBytes(savedReader));
        writer2.send(utf8("three"));
        assertThat(reader2.receive(T)).isEqualTo(utf8("two"));
        assertThat(reader2.receive(T)).isEqualTo(utf8("three"));
    }

    @Test
    void receiveTimesOutWithoutMovingAndThenGetsTheMessage() {
        ChannelState state = pa.sync().createChannel();
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        ChannelState before = reader.state();
        assertThatThrownBy(() -> reader.receive(Duration.ofMillis(300))).isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("no channel message");
        assertThat(reader.state()).isEqualTo(before);
        pa.channelWriter(state).send(utf8("finally"));
        assertThat(reader.receive(T)).isEqualTo(utf8("finally"));
    }

    @Test
    void tombstonesBetweenMessagesAreSkipped() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        writer.send(utf8("kept"));
        MessageBoxIndex deleted = writer.state().nextIndex();
        // Tombstone the next box, then continue the channel after it.
        TombstoneRangeResult r = pa.sync().tombstoneRange(state.writeCap().orElseThrow(), deleted, 1);
        ChannelWriter after = pa.channelWriter(writer.state().withNextIndex(r.nextIndex()));
        after.send(utf8("also kept"));
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        assertThat(reader.receive(T)).isEqualTo(utf8("kept"));
        assertThat(reader.receive(T)).isEqualTo(utf8("also kept"));
    }

    @Test
    void boxesOfForeignFormatAreReportedAndSkipped() {
        Keypair k = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        EncryptedMessage raw = pa.sync().encryptWrite(utf8("not a channel frame"), k.writeCap(), k.firstIndex());
        pa.sync().startResendingEncryptedMessage(raw);
        ChannelWriter writer = pa.channelWriter(ChannelState.forWriter(k.writeCap(), raw.nextIndex()));
        writer.send(utf8("framed"));
        ChannelReader reader = pb.channelReader(ChannelState.forReader(k.readCap(), k.firstIndex()));
        assertThatThrownBy(() -> reader.receive(T)).isInstanceOf(ChannelFormatException.class);
        assertThat(reader.receive(T)).isEqualTo(utf8("framed"));
    }

    /** A send that failed after reaching the mixnet is retried by the next send, never lost or duplicated. */
    @Test
    void failedSendIsFinishedBeforeTheNextOne() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.PROPAGATION_ERROR);
        assertThatThrownBy(() -> writer.send(utf8("m1"))).isInstanceOf(DaemonErrorException.class);
        assertThat(writer.hasPendingMessage()).isTrue();
        assertThat(writer.state().nextIndex()).isEqualTo(state.nextIndex());
        writer.send(utf8("m2")); // delivers m1 first
        assertThat(writer.hasPendingMessage()).isFalse();
        writer.send(utf8("m1")); // a new message with the same bytes, not a retry now
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        assertThat(reader.receive(T)).isEqualTo(utf8("m1"));
        assertThat(reader.receive(T)).isEqualTo(utf8("m2"));
        assertThat(reader.receive(T)).isEqualTo(utf8("m1"));
    }

    /**
     * The write lands but its result is lost (the daemon drops an ARQ result while the client is disconnected,
     * docs/protocol.md#disconnect) and the client stays away past the send's deadline, so not even the re-send after the
     * reconnect can save it: the send times out, and the next send finishes it without writing it twice.
     */
    @Test
    void sendWhoseResultWasLostIsNotDuplicated() throws Exception {
        alice.close();
        alice = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(T)
                .reconnectDelay(ReconnectDelay.constant(Duration.ofMillis(3000))).build());
        pa = alice.pigeonhole();
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.withTimeout(Duration.ofSeconds(2)).channelWriter(state); // each send: 2 s
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ofMillis(500));
        sim.clearRequests();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> writer.send(utf8("m1")));
        sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        sim.dropAllConnections();
        assertThatThrownBy(() -> Futures.await(first)).isInstanceOf(RequestTimeoutException.class);
        assertThat(writer.hasPendingMessage()).isTrue();
        sim.delay(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, Duration.ZERO);
        // m1 did land: its box exists although the writer could not know.
        assertThat(PigeonholeSimulatorTest.boxesReadable(pb, state.readCap().orElseThrow(), state.nextIndex())).isOne();
        await().atMost(T).until(() -> alice.connectionState() == ConnectionState.CONNECTED);
        writer.send(utf8("m2"));
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        assertThat(reader.receive(T)).isEqualTo(utf8("m1"));
        assertThat(reader.receive(T)).isEqualTo(utf8("m2"));
        assertThatThrownBy(() -> reader.receive(Duration.ofMillis(300))).isInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void retryingTheSameMessageDoesNotDuplicateIt() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.PROPAGATION_ERROR);
        assertThatThrownBy(() -> writer.send(utf8("once"))).isInstanceOf(DaemonErrorException.class);
        writer.send(utf8("once"));
        writer.send(utf8("twice"));
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        assertThat(reader.receive(T)).isEqualTo(utf8("once"));
        assertThat(reader.receive(T)).isEqualTo(utf8("twice"));
    }

    @Test
    void failedLargeSendIsRetried() {
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);
        byte[] big = bytes(20_000);
        sim.failNext(RequestKind.START_RESENDING_COPY_COMMAND, ThinErrorCode.PROPAGATION_ERROR);
        assertThatThrownBy(() -> writer.send(big)).isInstanceOf(DaemonErrorException.class);
        assertThat(writer.hasPendingMessage()).isTrue();
        writer.send(big);
        ChannelReader reader = pb.channelReader(state.forReaderOnly());
        assertThat(reader.receive(T)).isEqualTo(big);
    }

    @Test
    void offlineModeStillCreatesAndRestoresChannels() {
        sim.setMixnetConnected(false);
        ChannelState state = pa.sync().createChannel();
        ChannelState restored = ChannelState.fromBase64(state.toBase64());
        assertThat(restored).isEqualTo(state);
        ChannelWriter impatient = pa.withTimeout(Duration.ofMillis(300)).channelWriter(restored);
        assertThatThrownBy(() -> impatient.send(utf8("queued"))).isInstanceOf(RequestTimeoutException.class);
        sim.setMixnetConnected(true);
        pa.channelWriter(impatient.state()).send(utf8("queued")); // the position did not move: the same box
        assertThat(pb.channelReader(state.forReaderOnly()).receive(T)).isEqualTo(utf8("queued"));
    }

    /**
     * A courier may answer a read envelope's first "not found" again after the box is written
     * (docs/protocol.md#pigeonhole-arq): a long receive reads in rounds, each with a fresh envelope, and so sees
     * the message; a receive whose one round outlasts its wait polls its first envelope in vain.
     */
    @Test
    void aLongReceiveReadsInRoundsWithFreshEnvelopes() throws Exception {
        sim.setCourierReplaysNotFound(true);
        ChannelState state = pa.sync().createChannel();
        ChannelWriter writer = pa.channelWriter(state);

        // The replay the rounds are for: an envelope answered "not found" before the write (seen by the caller, so
        // no race with the write) keeps that answer after it, and only a fresh envelope sees the box.
        ReadCap readCap = state.readCap().orElseThrow();
        EncryptedMessage early = pb.sync().encryptRead(readCap, state.nextIndex());
        assertThatThrownBy(() -> pb.sync().startResendingEncryptedMessage(early,
                ResendOptions.NO_RETRY_ON_BOX_ID_NOT_FOUND)).isInstanceOf(ReplicaErrorException.class)
                .extracting(e -> ((ReplicaErrorException) e).code()).isEqualTo(ReplicaErrorCode.BOX_ID_NOT_FOUND);
        writer.send(utf8("m"));
        assertThatThrownBy(() -> pb.sync().withTimeout(Duration.ofSeconds(1)).startResendingEncryptedMessage(early))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(pb.channelReader(state.forReaderOnly()).receive(T)).isEqualTo(utf8("m"));

        // Rounds of 700 ms at the next box: Bob's first round ends (its resend cancelled) before Alice writes, and
        // a later round's fresh envelope finds the message.
        ChannelReader rounds = pb.withReadRound(Duration.ofMillis(700)).channelReader(ChannelState.of(null,
                state.readCap().orElseThrow(), writer.state().nextIndex()));
        sim.clearRequests();
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> rounds.receive(T));
        RecordedRequest firstPoll = sim.awaitRequest(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, T);
        sim.awaitRequest(r -> r.kind() == RequestKind.CANCEL_RESENDING_ENCRYPTED_MESSAGE
                && firstPoll.envelopeHash().equals(r.envelopeHash()), T);
        writer.send(utf8("n"));
        assertThat(waiting.get(T.toSeconds(), TimeUnit.SECONDS)).isEqualTo(utf8("n"));
        assertThat(sim.requests(RequestKind.ENCRYPT_READ).size()).isGreaterThanOrEqualTo(2);
        assertThat(rounds.state().nextIndex()).isEqualTo(writer.state().nextIndex());
    }

    @Test
    void wrongStatesAreRefused() {
        ChannelState state = pa.sync().createChannel();
        assertThatThrownBy(() -> pa.channelWriter(state.forReaderOnly())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pa.channelReader(ChannelState.forWriter(state.writeCap().orElseThrow(),
                state.nextIndex()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(pa.channelWriter(state).toString()).doesNotContain(state.writeCap().orElseThrow().toBase64()
                .substring(0, 12));
    }
}
