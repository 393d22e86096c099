package org.katzenpost.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;

/**
 * The calls that bring the store to parity with the Rust persistent API (0.0.25), over the real Pigeonhole API
 * of a {@link ThinClient} talking to the kpclientd simulator: delete, tombstones, send reporting an existing
 * box, reads without retry, the message history, and copy streams over several destinations.
 */
class PersistentChannelsParityTest {
    @TempDir
    Path tmp;

    KpclientdSimulator sim;
    ThinClient client;
    PigeonholeClient ph;
    ChannelStore sender;
    ChannelStore receiver;
    PersistentChannels out;
    PersistentChannels in;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(Duration.ofSeconds(10)).build());
        ph = client.pigeonhole(); // its deadline: the client's request timeout
        sender = ChannelStore.open(tmp.resolve("sender.db"));
        receiver = ChannelStore.open(tmp.resolve("receiver.db"));
        out = new PersistentChannels(sender, ph);
        in = new PersistentChannels(receiver, ph);
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
        client.close();
        sim.close();
    }

    private WriteChannel pair(String name) {
        WriteChannel w = out.createWriteChannel(name);
        receiver.addReadChannel(name, w.readCap(), w.firstIndex());
        return w;
    }

    /** A channel of one message per box, for copy-stream destinations given by cap and index. */
    private WriteChannel pairBoxes(String name) {
        Keypair kp = out.newKeypair();
        WriteChannel w = sender.addWriteChannel(name, kp.writeCap(), kp.readCap(),
                kp.firstIndex(),
                ChannelFormat.BOXES);
        receiver.addReadChannel(name, w.readCap(), w.firstIndex(), ChannelFormat.BOXES);
        return w;
    }

    private String nextText(String channel) {
        ReceivedMessage m = in.next(channel);
        in.consumed(m);
        return new String(m.payload(), UTF_8);
    }

    @Test
    void deleteChannelRemovesTheChannelAndEverythingStoredForIt() {
        pair("c");
        out.send("c", "one".getBytes(UTF_8));
        assertThat(nextText("c")).isEqualTo("one");
        assertThat(out.deleteChannel("c")).isTrue();
        assertThat(in.deleteChannel("c")).isTrue();
        assertThat(sender.writeChannel("c")).isEmpty();
        assertThat(receiver.readChannel("c")).isEmpty();
        assertThat(receiver.receivedCount("c")).isZero();
        assertThat(out.deleteChannel("c")).as("second delete finds nothing").isFalse();
        assertThatThrownBy(() -> out.send("c", new byte[] {1})).isInstanceOf(StoreException.class);
        // the name is free again, for a different channel
        assertThat(out.createWriteChannel("c")).isNotNull();
    }

    @Test
    void tombstoneCurrentAndRangeMoveTheChannelOnAndReadAsEmpty() {
        WriteChannel w = pair("t");
        out.send("t", "a".getBytes(UTF_8));
        OutgoingMessage tomb = out.tombstoneCurrent("t");
        out.send("t", "b".getBytes(UTF_8));
        assertThat(out.tombstoneRange("t", 2)).hasSize(2);
        out.send("t", "c".getBytes(UTF_8));
        assertThat(sender.pending("t")).isEmpty();
        assertThat(List.of(nextText("t"), nextText("t"), nextText("t"), nextText("t"), nextText("t"), nextText("t")))
                .containsExactly("a", "", "b", "", "", "c");
        // on the wire, the box is a real tombstone
        var read = Await.result(ph.encryptRead(w.readCap(), tomb.boxIndex()),
                Duration.ofSeconds(10));
        assertThatThrownBy(() -> Await.result(ph.startResendingEncryptedMessage(read), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ReplicaErrorException.class,
                        e -> assertThat(e.code()).isEqualTo(ReplicaErrorCode.TOMBSTONE));
    }

    @Test
    void tombstoneAtAndFromLeaveThePositionAlone() {
        WriteChannel w = pair("d");
        for (String s : List.of("m0", "m1", "m2", "m3")) {
            out.send("d", s.getBytes(UTF_8));
        }
        MessageBoxIndex i1 = ph.sync().nextMessageBoxIndex(w.firstIndex());
        MessageBoxIndex i2 = ph.sync().nextMessageBoxIndex(i1);
        MessageBoxIndex before = sender.writeChannel("d").orElseThrow().nextIndex();
        out.tombstoneAt("d", i1);
        assertThat(in.readBox("d", i1)).isEmpty();
        assertThat(new String(in.readBox("d", w.firstIndex()), UTF_8)).isEqualTo("m0");
        assertThat(out.tombstoneFrom("d", i2)).as("boxes 2 and 3").isEqualTo(2);
        assertThat(sender.writeChannel("d").orElseThrow().nextIndex()).isEqualTo(before);
        assertThat(List.of(nextText("d"), nextText("d"), nextText("d"), nextText("d")))
                .containsExactly("m0", "", "", "");
        out.send("d", "m4".getBytes(UTF_8));
        assertThat(nextText("d")).isEqualTo("m4");
        assertThat(out.tombstoneFrom("d", w.firstIndex(), 1)).isEqualTo(1);
        assertThat(in.readBox("d", w.firstIndex())).isEmpty();
        assertThatThrownBy(() -> out.tombstoneFrom("d", MessageBoxIndex.of(new byte[MessageBoxIndex.LENGTH])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendTreatsAnExistingBoxAsSuccessAndTheVariantReportsIt() {
        WriteChannel w = pair("s");
        out.send("s", "x0".getBytes(UTF_8));
        out.send("s", "x1".getBytes(UTF_8));
        // a second holder of the same write cap, starting from the first box
        try (ChannelStore other = ChannelStore.open(tmp.resolve("other.db"))) {
            other.addWriteChannel("s", w.writeCap(), w.readCap(), w.firstIndex());
            PersistentChannels twin = new PersistentChannels(other, ph);
            twin.send("s", "z0".getBytes(UTF_8));                          // box 0 exists: success, no change
            assertThat(twin.sendReportingExisting("s", "z1".getBytes(UTF_8))).as("box 1 existed").isTrue();
            assertThat(twin.sendReportingExisting("s", "z2".getBytes(UTF_8))).as("box 2 was free").isFalse();
        }
        assertThat(List.of(nextText("s"), nextText("s"), nextText("s"))).containsExactly("x0", "x1", "z2");
    }

    @Test
    void receiveAndReadWithoutRetryReturnAtOnceForAnUnwrittenBox() {
        WriteChannel w = pair("n");
        long t0 = System.nanoTime();
        assertThat(in.nextNoRetry("n")).isEmpty();
        assertThat(in.readBoxNoRetry("n", w.firstIndex())).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(receiver.readChannel("n").orElseThrow().nextIndex()).as("position unchanged")
                .isEqualTo(w.firstIndex());
        out.send("n", "now".getBytes(UTF_8));
        assertThat(in.readBoxNoRetry("n", w.firstIndex())).get().extracting(b -> new String(b, UTF_8))
                .isEqualTo("now");
        ReceivedMessage m = in.nextNoRetry("n").orElseThrow();
        assertThat(new String(m.payload(), UTF_8)).isEqualTo("now");
        assertThat(in.nextNoRetry("n")).as("same message until consumed").get().extracting(ReceivedMessage::id)
                .isEqualTo(m.id());
        in.consumed(m);
        assertThat(in.nextNoRetry("n")).isEmpty();
    }

    @Test
    void allMessagesListsEverythingAndKeepsPayloadsWhenAsked() {
        pair("h");
        pair("g");
        in.setKeepHistory("h", true);
        for (String s : List.of("h1", "h2", "h3")) {
            out.send("h", s.getBytes(UTF_8));
            out.send("g", s.getBytes(UTF_8));
        }
        nextText("h");
        nextText("h");
        in.next("h"); // stored, not consumed
        nextText("g");
        List<ReceivedMessage> h = in.allMessages("h");
        assertThat(h).extracting(ReceivedMessage::consumed).containsExactly(true, true, false);
        assertThat(h).extracting(m -> new String(m.payload(), UTF_8)).containsExactly("h1", "h2", "h3");
        List<ReceivedMessage> g = in.allMessages("g");
        assertThat(g).hasSize(1);
        assertThat(g.get(0).payload()).as("dropped: history not kept").isNull();
    }

    @Test
    void copyStreamOverSeveralDestinationsWritesEveryBoxAtOnce() {
        WriteChannel a = pair("a");
        WriteChannel b = pairBoxes("b");
        int max = ph.maxPlaintextPayloadLength();
        byte[] big = new byte[max * 2 + 100];
        new Random(3).nextBytes(big);
        byte[] small = "small one".getBytes(UTF_8);
        WriteChannel raw = pairBoxes("raw");

        CopyStreamBuilder builder = out.copyStreamBuilder("two destinations");
        builder.addToChannel("a", big, false);
        builder.add(small, raw.writeCap(), raw.firstIndex(), false);
        builder.addAll(List.of(new CopyDestination("for b".getBytes(UTF_8), b.writeCap(),
                b.firstIndex())), true);
        assertThat(builder.payloadsAdded()).isEqualTo(3);
        assertThat(in.readBoxNoRetry("a", a.firstIndex())).as("nothing visible before finish")
                .isEmpty();
        assertThat(builder.finish()).isPositive();
        assertThat(builder.state().state()).isEqualTo(StoredCopyStream.State.DONE);
        assertThat(builder.finish()).as("finishing again is harmless").isPositive();

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < big.length) {
            ReceivedMessage m = in.next("a");
            got.writeBytes(m.payload());
            in.consumed(m);
        }
        assertThat(got.toByteArray()).isEqualTo(big);
        assertThat(nextText("raw")).isEqualTo("small one");
        assertThat(nextText("b")).isEqualTo("for b");
        // channel a was moved past the copied boxes: the next send follows them
        out.send("a", "after".getBytes(UTF_8));
        assertThat(nextText("a")).isEqualTo("after");
        assertThat(out.unfinishedCopyStreams()).isEmpty();
        assertThatThrownBy(() -> builder.add(small, raw.writeCap(), raw.firstIndex(), true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void finishBeforeTheLastPayloadIsRefused() {
        pair("e");
        CopyStreamBuilder builder = out.copyStreamBuilder(null);
        builder.addToChannel("e", "x".getBytes(UTF_8), false);
        assertThatThrownBy(builder::finish).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last");
        assertThat(out.unfinishedCopyStreams()).containsExactly(builder.id());
        builder.abandon();
        assertThat(out.unfinishedCopyStreams()).isEmpty();
    }

    @Test
    void copyStreamThroughAGivenCourierWithTypedDestinations() {
        WriteChannel a = pairBoxes("ta");
        WriteChannel b = pairBoxes("tb");
        CopyStreamBuilder builder = out.copyStreamBuilder("typed");
        builder.addAll(List.of(
                new org.katzenpost.thin.pigeonhole.CopyDestination("to a".getBytes(UTF_8), a.writeCap(),
                        a.firstIndex()),
                new org.katzenpost.thin.pigeonhole.CopyDestination("to b".getBytes(UTF_8), b.writeCap(),
                        b.firstIndex())), true);
        org.katzenpost.thin.pigeonhole.Courier courier =
                org.katzenpost.thin.pigeonhole.Courier.of(client.getService("courier"));
        assertThat(builder.finish(courier)).isPositive();
        assertThat(nextText("ta")).isEqualTo("to a");
        assertThat(nextText("tb")).isEqualTo("to b");
    }
}
