package org.katzenpost.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.ChannelFormatException;
import org.katzenpost.thin.pigeonhole.ChannelReader;
import org.katzenpost.thin.pigeonhole.ChannelState;
import org.katzenpost.thin.pigeonhole.ChannelWriter;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * One channel format (docs/pigeonhole.md#the-channel-format): what the store writes to a {@link ChannelFormat#FRAMED}
 * channel a {@link ChannelReader} reads, and what a {@link ChannelWriter} writes the store reads, one box or many.
 */
class ChannelFormatInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    KpclientdSimulator sim;
    ThinClient client;
    ThinClientBackend backend;
    PigeonholeClient ph;
    ChannelStore sender;
    ChannelStore receiver;
    PersistentChannels out;
    PersistentChannels in;
    final Random random = new Random(7);

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder().requestTimeout(Duration.ofSeconds(10)).build());
        backend = new ThinClientBackend(client, Duration.ofSeconds(10));
        ph = backend.pigeonhole();
        sender = ChannelStore.open(tmp.resolve("sender.db"));
        receiver = ChannelStore.open(tmp.resolve("receiver.db"));
        out = new PersistentChannels(sender, backend);
        in = new PersistentChannels(receiver, backend);
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
        client.close();
        sim.close();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static ChannelState state(WriteChannel w) {
        return ChannelState.of(WriteCap.of(w.writeCap()), ReadCap.of(w.readCap()), MessageBoxIndex.of(w.firstIndex()));
    }

    private byte[] nextPayload(String channel) {
        ReceivedMessage m = in.next(channel);
        in.consumed(m);
        return m.payload();
    }

    @Test
    void whatTheStoreWritesAChannelReaderReads() {
        WriteChannel w = out.createWriteChannel("c");
        assertThat(w.format()).isEqualTo(ChannelFormat.FRAMED);
        int oneBox = out.maxMessageLength("c");
        assertThat(oneBox).isEqualTo(ph.channelWriter(state(w)).maxSingleBoxMessageLength());
        byte[] full = randomBytes(oneBox);
        out.send("c", "hello".getBytes(UTF_8));
        out.send("c", new byte[0]);
        out.send("c", full);
        byte[] copied = randomBytes(oneBox * 5 + 17);
        out.sendCopy("c", "copy", copied, null, PersistentChannels.Progress.NONE);
        byte[] direct = randomBytes(oneBox * 3 + 1);
        out.sendDirect("c", "direct", "head:".getBytes(UTF_8), direct.length, null,
                off -> new ByteArrayInputStream(direct, (int) off, direct.length - (int) off),
                PersistentChannels.Progress.NONE);
        out.send("c", "last".getBytes(UTF_8));
        assertThatThrownBy(() -> out.send("c", new byte[oneBox + 1])).isInstanceOf(IllegalArgumentException.class);

        ChannelReader reader = ph.channelReader(state(w).forReaderOnly());
        assertThat(new String(reader.receive(WAIT), UTF_8)).isEqualTo("hello");
        assertThat(reader.receive(WAIT)).isEmpty();
        assertThat(reader.receive(WAIT)).isEqualTo(full);
        assertThat(reader.receive(WAIT)).isEqualTo(copied);
        byte[] headAndDirect = new byte[5 + direct.length];
        System.arraycopy("head:".getBytes(UTF_8), 0, headAndDirect, 0, 5);
        System.arraycopy(direct, 0, headAndDirect, 5, direct.length);
        assertThat(reader.receive(WAIT)).isEqualTo(headAndDirect);
        assertThat(new String(reader.receive(WAIT), UTF_8)).isEqualTo("last");
        assertThat(reader.state().nextIndex().toBytes()).isEqualTo(sender.writeChannel("c").get().nextIndex());
    }

    @Test
    void whatAChannelWriterWritesTheStoreReads() {
        WriteChannel w = out.createWriteChannel("c"); // only for its caps: written by the ChannelWriter below
        receiver.addReadChannel("c", w.readCap(), w.firstIndex());
        ChannelWriter writer = ph.withTimeout(WAIT).channelWriter(state(w));
        byte[] large = randomBytes(writer.maxSingleBoxMessageLength() * 4 + 3);
        writer.send("one".getBytes(UTF_8));
        writer.send(new byte[0]);
        writer.send(large);
        writer.send("two".getBytes(UTF_8));

        assertThat(new String(nextPayload("c"), UTF_8)).isEqualTo("one");
        assertThat(nextPayload("c")).isEmpty();
        assertThat(nextPayload("c")).isEqualTo(large);
        assertThat(in.readBox("c", w.firstIndex())).as("readBox reads the message at a box")
                .isEqualTo("one".getBytes(UTF_8));
        assertThat(new String(nextPayload("c"), UTF_8)).isEqualTo("two");
        assertThat(receiver.readChannel("c").get().nextIndex()).isEqualTo(writer.state().nextIndex().toBytes());
    }

    @Test
    void aBoxThatIsNotAFrameIsATypedErrorAndSkipped() {
        WriteChannel w = out.createWriteChannel("c");
        receiver.addReadChannel("c", w.readCap(), w.firstIndex());
        // a writer of the other format on the same stream
        sender.deleteWriteChannel("c");
        sender.addWriteChannel("raw", w.writeCap(), w.readCap(), w.firstIndex(), ChannelFormat.BOXES);
        out.send("raw", "not a frame".getBytes(UTF_8));
        sender.deleteWriteChannel("raw");
        WriteChannel again = sender.addWriteChannel("c", w.writeCap(), w.readCap(), w.firstIndex());
        byte[] second = backend.nextIndex(w.firstIndex());
        sender.enqueue("c", again.nextIndex(), second, new byte[0], 0, 0); // skip the box the raw writer took
        sender.markSent(sender.pending("c").get(0).id());
        out.send("c", "framed".getBytes(UTF_8));

        assertThatThrownBy(() -> in.next("c")).isInstanceOf(ChannelFormatException.class);
        assertThat(receiver.readChannel("c").get().nextIndex()).as("moved past the bad box").isEqualTo(second);
        assertThat(new String(nextPayload("c"), UTF_8)).isEqualTo("framed");
    }
}
