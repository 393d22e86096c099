package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.PayloadTooLargeException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.pigeonhole.CopyDestination;
import org.katzenpost.thin.pigeonhole.CopyStreamBuffer;
import org.katzenpost.thin.pigeonhole.CourierEnvelopes;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.RequestKind;

/**
 * Copy transfers cut into chunks, over the kpclientd simulator: residue carried, chunk-granular resume, parallel
 * writers and readers.
 */
class ChunkedCopyTest {
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Latency of each simulated Pigeonhole round while a test checks that calls overlap. A writer or reader that
     * waited for each call could never put more than one request per connection into one round, whatever the
     * round's length; a long round only makes it likelier that overlapping calls, sent together but delayed by a
     * loaded machine, still land in one round.
     */
    private static final Duration ROUND = Duration.ofMillis(500);

    @TempDir
    Path tmp;

    private final SimulatedDaemon net = new SimulatedDaemon(); // 60 payload bytes per destination box

    @AfterEach
    void stop() {
        net.close();
    }

    private Keypair channel(Path db) {
        Keypair kp = net.newKeypair();
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(),
                    ChannelFormat.BOXES);
        }
        return kp;
    }

    /** How many copy-stream elements one call encoding the whole payload makes: what chunking must not change. */
    private int elementsInOneCall(Keypair kp, byte[] payload) {
        return net.ph.sync().createCourierEnvelopesFromPayload(payload, kp.writeCap(), kp.firstIndex(), true, true)
                .envelopeCount();
    }

    private static PersistentChannels.Source sourceOf(byte[] payload) {
        return off -> new ByteArrayInputStream(payload, (int) off, payload.length - (int) off);
    }

    /** The connections that made requests of {@code kind}, other than the main one, with how many each. */
    private Map<Long, Long> perOtherConnection(RequestKind kind) {
        long main = net.sim.requests(RequestKind.NEW_KEYPAIR).get(0).connectionId();
        return net.sim.requests(kind).stream().map(RecordedRequest::connectionId).filter(id -> id != main)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    @Test
    void aLargePayloadGoesOutInChunksWithTheResidueCarried() {
        byte[] payload = new byte[60 * 50 + 7]; // 51 boxes: 7 chunks of 8
        new Random(3).nextBytes(payload);
        Path db = tmp.resolve("a.db");
        Keypair kp = channel(db);
        List<long[]> steps = new ArrayList<>();
        int elements;
        try (ChannelStore s = ChannelStore.open(db)) {
            Transfer t = new PersistentChannels(s, net.ph).copyChunkBoxes(8)
                    .sendCopy("out", "f", payload, null, (d, tot) -> steps.add(new long[] {d, tot}));
            assertThat(t.state()).isEqualTo(Transfer.State.DONE);
            elements = s.transfers().copyElements(t.id()).size();
        }
        assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).isEqualTo(7);
        assertThat(net.count(RequestKind.START_RESENDING_COPY_COMMAND)).isEqualTo(1);
        assertThat(net.contents(kp)).isEqualTo(payload);
        // the residue carried means no element was added or lost
        assertThat(elements).isEqualTo(elementsInOneCall(kp, payload));
        long[] last = steps.get(steps.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i)[0]).as("progress never exceeds its total").isLessThanOrEqualTo(steps.get(i)[1]);
        }
    }

    @Test
    void aCrashBetweenChunksResumesFromTheNextChunk() {
        byte[] payload = new byte[60 * 30];
        new Random(4).nextBytes(payload);
        Path db = tmp.resolve("b.db");
        Keypair kp = channel(db);
        AtomicInteger chunksStaged = new AtomicInteger();
        ChannelStore first = ChannelStore.open(db);
        PersistentChannels crashing = new PersistentChannels(first, net.ph).copyChunkBoxes(4).checkpoint(step -> {
            if (step.equals("copy.chunk") && chunksStaged.incrementAndGet() == 3) {
                throw new Crash(); // after the 4th chunk (the first is "copy.staged") is durable
            }
        });
        assertThatThrownBy(() -> crashing.sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE))
                .isInstanceOf(Crash.class);
        int callsBefore = net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD);
        assertThat(callsBefore).isEqualTo(4);
        // the process is gone; a new one opens the same store
        int elements;
        try (ChannelStore s = ChannelStore.open(db)) {
            PersistentChannels ch = new PersistentChannels(s, net.ph).copyChunkBoxes(4);
            Transfer open = ch.unfinishedTransfer("out").orElseThrow();
            assertThat(open.offset()).isEqualTo(4L * 4 * 60);
            assertThatThrownBy(() -> ch.resume(open, null, PersistentChannels.Progress.NONE))
                    .isInstanceOf(StoreException.class).hasMessageContaining("needs its source");
            Transfer done = ch.resume(open, sourceOf(payload), PersistentChannels.Progress.NONE);
            assertThat(done.state()).isEqualTo(Transfer.State.DONE);
            elements = s.transfers().copyElements(done.id()).size();
        }
        assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD) - callsBefore)
                .as("only the chunks not staged are encoded again").isEqualTo(4);
        assertThat(net.contents(kp)).isEqualTo(payload);
        assertThat(elements).isEqualTo(elementsInOneCall(kp, payload));
    }

    @Test
    void elementsAreWrittenOverSeveralWritersInParallel() {
        byte[] payload = new byte[60 * 40];
        new Random(5).nextBytes(payload);
        Path db = tmp.resolve("c.db");
        Keypair kp = channel(db);
        PigeonholeClient w1 = net.connect();
        PigeonholeClient w2 = net.connect();
        int elements;
        net.sim.setPigeonholeLatency(ROUND);
        try (ChannelStore s = ChannelStore.open(db)) {
            Transfer t = new PersistentChannels(s, net.ph).copyChunkBoxes(8).copyWriters(List.of(w1, w2), 3)
                    .sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
            elements = s.transfers().copyElements(t.id()).size();
        }
        net.sim.setPigeonholeLatency(Duration.ZERO);
        Map<Long, Long> writes = perOtherConnection(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE);
        assertThat(writes).as("every element written by one of the two writers, alternately").hasSize(2);
        assertThat(writes.values()).containsExactlyInAnyOrder((long) (elements + 1) / 2, (long) elements / 2);
        // a writer waits a whole round for each write: more than two in one round means they overlapped
        assertThat(net.mostWithin(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, List.copyOf(writes.keySet()), ROUND))
                .as("writes overlapped").isGreaterThan(2);
        assertThat(net.contents(kp)).isEqualTo(payload);
    }

    @Test
    void directBoxesAreWrittenOverSeveralWritersInParallel() {
        byte[] payload = new byte[SimulatedDaemon.MAX_PLAINTEXT * 19 + 5]; // 20 boxes
        new Random(7).nextBytes(payload);
        Path db = tmp.resolve("d.db");
        Keypair kp = channel(db);
        PigeonholeClient w1 = net.connect();
        PigeonholeClient w2 = net.connect();
        List<long[]> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.sim.setPigeonholeLatency(ROUND);
        try (ChannelStore s = ChannelStore.open(db)) {
            Transfer t = new PersistentChannels(s, net.ph).copyWriters(List.of(w1, w2), 3).sendDirect("out", "f",
                    null, payload.length, null, sourceOf(payload), (done, total) -> steps.add(new long[] {done, total}));
            assertThat(t.state()).isEqualTo(Transfer.State.DONE);
            assertThat(s.pending("out")).as("every box acknowledged and marked sent").isEmpty();
        } finally {
            net.sim.setPigeonholeLatency(Duration.ZERO);
        }
        Map<Long, Long> writes = perOtherConnection(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE);
        assertThat(writes).as("every box written by one of the two writers, alternately").hasSize(2);
        assertThat(writes.values()).containsExactlyInAnyOrder(10L, 10L);
        // a writer waits a whole round for each write: more than two in one round means they overlapped
        assertThat(net.mostWithin(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, List.copyOf(writes.keySet()), ROUND))
                .as("writes overlapped").isGreaterThan(2);
        assertThat(net.contents(kp)).isEqualTo(payload);
        assertThat(steps).as("progress counts acknowledged boxes up to all of them").isNotEmpty()
                .allSatisfy(st -> assertThat(st[1]).isEqualTo(20));
        assertThat(steps.get(steps.size() - 1)[0]).isEqualTo(20);
        assertThat(steps).extracting(st -> st[0]).isSorted();
    }

    @Test
    void aFailedParallelBoxWriteStopsTheDirectTransferAndResumeFinishesIt() {
        byte[] payload = new byte[SimulatedDaemon.MAX_PLAINTEXT * 12]; // 12 boxes
        new Random(8).nextBytes(payload);
        Path db = tmp.resolve("f.db");
        Keypair kp = channel(db);
        List<PigeonholeClient> writers = List.of(net.connect(), net.connect());
        try (ChannelStore s = ChannelStore.open(db)) {
            PersistentChannels ch = new PersistentChannels(s, net.ph).copyWriters(writers, 2);
            net.sim.failNext(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, ThinErrorCode.INTERNAL_ERROR);
            assertThatThrownBy(() -> ch.sendDirect("out", "f", null, payload.length, null, sourceOf(payload),
                    PersistentChannels.Progress.NONE))
                    .isInstanceOf(ThinClientException.class);
            Transfer open = ch.unfinishedTransfer("out").orElseThrow();
            assertThat(s.pending("out")).as("the failed box stays queued").isNotEmpty();
            assertThat(ch.resume(open, null, sourceOf(payload), PersistentChannels.Progress.NONE).state())
                    .isEqualTo(Transfer.State.DONE);
            assertThat(s.pending("out")).isEmpty();
        }
        assertThat(net.contents(kp)).isEqualTo(payload);
    }

    @Test
    void boxesAreReadInParallelAndStoredInOrder() {
        byte[] payload = new byte[60 * 20];
        new Random(6).nextBytes(payload);
        Path sdb = tmp.resolve("e.db");
        Keypair kp = channel(sdb);
        try (ChannelStore s = ChannelStore.open(sdb)) {
            new PersistentChannels(s, net.ph).sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
        }
        PigeonholeClient r1 = net.connect();
        PigeonholeClient r2 = net.connect();
        net.sim.setPigeonholeLatency(ROUND);
        try (ChannelStore r = ChannelStore.open(tmp.resolve("r.db"))) {
            r.addReadChannel("in", kp.readCap(), kp.firstIndex(), ChannelFormat.BOXES);
            PersistentChannels ch = new PersistentChannels(r, net.ph).copyWriters(List.of(r1, r2), 4);
            List<ReceivedMessage> first = ch.readNext("in", 12);
            List<ReceivedMessage> rest = ch.readNext("in", 8);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (ReceivedMessage m : r.unconsumed("in")) {
                got.writeBytes(m.payload());
            }
            assertThat(first).hasSize(12);
            assertThat(rest).hasSize(8);
            assertThat(got.toByteArray()).isEqualTo(payload);
            Map<Long, Long> reads = perOtherConnection(RequestKind.ENCRYPT_READ);
            assertThat(reads).hasSize(2);
            assertThat(reads.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
            assertThat(net.mostWithin(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE, List.copyOf(reads.keySet()),
                    ROUND)).as("reads overlapped").isGreaterThan(2);
            assertThatThrownBy(() -> ch.readNext("in", 0)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            net.sim.setPigeonholeLatency(Duration.ZERO);
        }
    }

    @Test
    void theLargestChunkSettingSendsInOneCallWithinTheDaemonsLimit() {
        Keypair kp = channel(tmp.resolve("m.db"));
        byte[] payload = new byte[SimulatedDaemon.COPY_BOX * 5 + 3];
        new Random(9).nextBytes(payload);
        try (ChannelStore s = ChannelStore.open(tmp.resolve("m.db"))) {
            int most = PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH / SimulatedDaemon.COPY_BOX;
            // the bound itself is allowed: one chunk of 174,762 boxes, one daemon call of at most 10 MiB
            PersistentChannels ch = new PersistentChannels(s, net.ph).copyChunkBoxes(most);
            ch.sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
            assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).isEqualTo(1);
            assertThat(net.contents(kp)).isEqualTo(payload);
        }
    }

    /**
     * A copy-stream add of more boxes than a chunk is encoded a chunk per daemon call (each with its own deadline),
     * the residue carried: the same elements as one call, and every destination gets exactly its payload's boxes.
     */
    /** The documented bound of an add holds even though chunking would cut a larger payload into legal calls. */
    @Test
    void aCopyStreamAddOverTenMebibytesIsRefusedAndNothingStored() {
        Keypair a = net.newKeypair();
        try (ChannelStore s = ChannelStore.open(tmp.resolve("s.db"))) {
            PersistentChannels ch = new PersistentChannels(s, net.ph);
            CopyStreamBuilder builder = ch.copyStreamBuilder("huge");
            net.sim.clearRequests();
            byte[] huge = new byte[PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH + 1];
            assertThatThrownBy(() -> builder.add(huge, a.writeCap(), a.firstIndex(), true))
                    .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("10485760");
            assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).isZero();
            assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_PAYLOAD)).isZero();
        }
    }

    @Test
    void aLargeCopyStreamAddIsEncodedInChunks() {
        Keypair a = net.newKeypair();
        Keypair b = net.newKeypair();
        Keypair c = net.newKeypair();
        byte[] pa = new byte[SimulatedDaemon.COPY_BOX * 9 + 7]; // 10 boxes
        byte[] pb = new byte[SimulatedDaemon.COPY_BOX * 2]; // 2 boxes
        byte[] pc = new byte[5];
        Random r = new Random(11);
        r.nextBytes(pa);
        r.nextBytes(pb);
        r.nextBytes(pc);
        List<CopyDestination> first = List.of(new CopyDestination(pa, a.writeCap(), a.firstIndex()),
                new CopyDestination(pb, b.writeCap(), b.firstIndex()));
        // one call for all of it, as before: how many elements chunking must make too
        CourierEnvelopes one = net.ph.sync().createCourierEnvelopesFromPayloads(first, true, false,
                CopyStreamBuffer.EMPTY);
        int expected = one.envelopeCount() + net.ph.sync().createCourierEnvelopesFromPayloads(
                List.of(new CopyDestination(pc, c.writeCap(), c.firstIndex())), false, true, one.buffer())
                .envelopeCount();
        try (ChannelStore s = ChannelStore.open(tmp.resolve("s.db"))) {
            PersistentChannels ch = new PersistentChannels(s, net.ph).copyChunkBoxes(4);
            CopyStreamBuilder builder = ch.copyStreamBuilder("big");
            net.sim.clearRequests();
            builder.addAll(first, false); // 12 boxes: a's first 4, a's next 4, a's last 2 and b's 2
            assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).isEqualTo(3);
            builder.add(pc, c.writeCap(), c.firstIndex(), true); // 1 box: one call, as before
            assertThat(net.count(RequestKind.CREATE_COURIER_ENVELOPES_FROM_MULTI_PAYLOAD)).isEqualTo(4);
            assertThat(builder.finish()).isEqualTo(expected);
        }
        assertThat(net.boxes(a)).hasSize(10);
        assertThat(net.contents(a)).isEqualTo(pa);
        assertThat(net.boxes(b)).hasSize(2);
        assertThat(net.contents(b)).isEqualTo(pb);
        assertThat(net.contents(c)).isEqualTo(pc);
    }

    @Test
    void badSettingsAreRefused() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("d.db"))) {
            PersistentChannels ch = new PersistentChannels(s, net.ph);
            assertThatThrownBy(() -> ch.copyChunkBoxes(1)).isInstanceOf(IllegalArgumentException.class);
            // one chunk is one daemon call, at most MAX_COPY_PAYLOAD_LENGTH bytes: 174,762 boxes of 60 bytes
            int most = PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH / SimulatedDaemon.COPY_BOX;
            assertThatThrownBy(() -> ch.copyChunkBoxes(most + 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most " + most + " boxes");
            assertThatThrownBy(() -> ch.copyChunkBoxes(Integer.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ch.copyWriters(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ch.copyWriters(List.of(net.ph), 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
