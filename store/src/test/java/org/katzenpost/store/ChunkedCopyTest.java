package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy transfers cut into chunks: residue carried, chunk-granular resume, parallel writers. */
class ChunkedCopyTest {
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @TempDir
    Path tmp;

    private final FakePigeonhole net = new FakePigeonhole(64); // 60 payload bytes per destination box

    private PigeonholeBackend.Keypair channel(Path db) {
        try (ChannelStore s = ChannelStore.open(db)) {
            PigeonholeBackend.Keypair kp = new PersistentChannels(s, net).newKeypair();
            s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(),
                        ChannelFormat.BOXES);
            return kp;
        }
    }

    private byte[] readBack(PigeonholeBackend.Keypair kp, int length) {
        byte[] idx = kp.firstIndex();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < length) {
            out.writeBytes(net.read(kp.readCap(), idx));
            idx = net.nextIndex(idx);
        }
        assertThat(net.has(kp.readCap(), idx)).as("no box after the transfer").isFalse();
        return out.toByteArray();
    }

    private static PersistentChannels.Source sourceOf(byte[] payload) {
        return off -> new ByteArrayInputStream(payload, (int) off, payload.length - (int) off);
    }

    @Test
    void aLargePayloadGoesOutInChunksWithTheResidueCarried() {
        byte[] payload = new byte[60 * 50 + 7]; // 51 boxes: 7 chunks of 8
        new Random(3).nextBytes(payload);
        Path db = tmp.resolve("a.db");
        PigeonholeBackend.Keypair kp = channel(db);
        List<long[]> steps = new ArrayList<>();
        try (ChannelStore s = ChannelStore.open(db)) {
            Transfer t = new PersistentChannels(s, net).copyChunkBoxes(8)
                    .sendCopy("out", "f", payload, null, (d, tot) -> steps.add(new long[] {d, tot}));
            assertThat(t.state()).isEqualTo(Transfer.State.DONE);
            // one element per box in the fake: the residue carried means no element was added or lost
            assertThat(s.transfers().copyElements(t.id())).hasSize(51);
        }
        assertThat(net.chunkCalls.get()).isEqualTo(7);
        assertThat(net.copies.get()).isEqualTo(1);
        assertThat(readBack(kp, payload.length)).isEqualTo(payload);
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
        PigeonholeBackend.Keypair kp = channel(db);
        AtomicInteger chunksStaged = new AtomicInteger();
        ChannelStore first = ChannelStore.open(db);
        PersistentChannels crashing = new PersistentChannels(first, net).copyChunkBoxes(4).checkpoint(step -> {
            if (step.equals("copy.chunk") && chunksStaged.incrementAndGet() == 3) {
                throw new Crash(); // after the 4th chunk (the first is "copy.staged") is durable
            }
        });
        assertThatThrownBy(() -> crashing.sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE))
                .isInstanceOf(Crash.class);
        int callsBefore = net.chunkCalls.get();
        assertThat(callsBefore).isEqualTo(4);
        // the process is gone; a new one opens the same store
        try (ChannelStore s = ChannelStore.open(db)) {
            PersistentChannels ch = new PersistentChannels(s, net).copyChunkBoxes(4);
            Transfer open = ch.unfinishedTransfer("out").orElseThrow();
            assertThat(open.offset()).isEqualTo(4L * 4 * 60);
            assertThatThrownBy(() -> ch.resume(open, null, PersistentChannels.Progress.NONE))
                    .isInstanceOf(StoreException.class).hasMessageContaining("needs its source");
            Transfer done = ch.resume(open, sourceOf(payload), PersistentChannels.Progress.NONE);
            assertThat(done.state()).isEqualTo(Transfer.State.DONE);
            assertThat(s.transfers().copyElements(done.id())).hasSize(30);
        }
        assertThat(net.chunkCalls.get() - callsBefore).as("only the chunks not staged are encoded again")
                .isEqualTo(4);
        assertThat(readBack(kp, payload.length)).isEqualTo(payload);
    }

    @Test
    void elementsAreWrittenOverSeveralWritersInParallel() {
        byte[] payload = new byte[60 * 40];
        new Random(5).nextBytes(payload);
        Path db = tmp.resolve("c.db");
        PigeonholeBackend.Keypair kp = channel(db);
        CountingWriter w1 = new CountingWriter(net);
        CountingWriter w2 = new CountingWriter(net);
        try (ChannelStore s = ChannelStore.open(db)) {
            new PersistentChannels(s, net).copyChunkBoxes(8).copyWriters(List.of(w1, w2), 3)
                    .sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
        }
        assertThat(w1.writes.get()).isEqualTo(20);
        assertThat(w2.writes.get()).isEqualTo(20);
        assertThat(w1.maxConcurrent.get() + w2.maxConcurrent.get()).as("writes overlapped").isGreaterThan(2);
        assertThat(readBack(kp, payload.length)).isEqualTo(payload);
    }

    @Test
    void boxesAreReadInParallelAndStoredInOrder() {
        byte[] payload = new byte[60 * 20];
        new Random(6).nextBytes(payload);
        Path sdb = tmp.resolve("e.db");
        PigeonholeBackend.Keypair kp = channel(sdb);
        try (ChannelStore s = ChannelStore.open(sdb)) {
            new PersistentChannels(s, net).sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
        }
        CountingWriter r1 = new CountingWriter(net);
        CountingWriter r2 = new CountingWriter(net);
        try (ChannelStore r = ChannelStore.open(tmp.resolve("r.db"))) {
            r.addReadChannel("in", kp.readCap(), kp.firstIndex(), ChannelFormat.BOXES);
            PersistentChannels ch = new PersistentChannels(r, net).copyWriters(List.of(r1, r2), 4);
            List<ReceivedMessage> first = ch.readNext("in", 12);
            List<ReceivedMessage> rest = ch.readNext("in", 8);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (ReceivedMessage m : r.unconsumed("in")) {
                got.writeBytes(m.payload());
            }
            assertThat(first).hasSize(12);
            assertThat(rest).hasSize(8);
            assertThat(got.toByteArray()).isEqualTo(payload);
            assertThat(r1.reads.get() + r2.reads.get()).isEqualTo(20);
            assertThat(r1.maxConcurrent.get() + r2.maxConcurrent.get()).as("reads overlapped").isGreaterThan(2);
            assertThatThrownBy(() -> ch.readNext("in", 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void badSettingsAreRefused() {
        try (ChannelStore s = ChannelStore.open(tmp.resolve("d.db"))) {
            PersistentChannels ch = new PersistentChannels(s, net);
            assertThatThrownBy(() -> ch.copyChunkBoxes(1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ch.copyWriters(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ch.copyWriters(List.of(net), 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Delegates writes to the fake, slowly enough that parallel writes overlap, and counts them. */
    static final class CountingWriter implements PigeonholeBackend {
        final FakePigeonhole net;
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        CountingWriter(FakePigeonhole net) {
            this.net = net;
        }

        @Override
        public void write(byte[] writeCap, byte[] index, byte[] plaintext) {
            int n = now.incrementAndGet();
            maxConcurrent.accumulateAndGet(n, Math::max);
            try {
                Thread.sleep(20); // a stand-in for the daemon's encryption and the mixnet round trip
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            net.write(writeCap, index, plaintext);
            writes.incrementAndGet();
            now.decrementAndGet();
        }

        @Override
        public Keypair newKeypair(byte[] seed) {
            return net.newKeypair(seed);
        }

        @Override
        public byte[] nextIndex(byte[] index) {
            return net.nextIndex(index);
        }

        final AtomicInteger reads = new AtomicInteger();

        @Override
        public byte[] read(byte[] readCap, byte[] index) {
            int n = now.incrementAndGet();
            maxConcurrent.accumulateAndGet(n, Math::max);
            try {
                Thread.sleep(20); // a stand-in for the daemon's encryption and the mixnet round trip
                return net.read(readCap, index);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                reads.incrementAndGet();
                now.decrementAndGet();
            }
        }

        @Override
        public CopyEnvelopes createCopyEnvelopes(byte[] payload, byte[] destWriteCap, byte[] destStartIndex) {
            return net.createCopyEnvelopes(payload, destWriteCap, destStartIndex);
        }

        @Override
        public void copy(byte[] tempWriteCap) {
            net.copy(tempWriteCap);
        }

        @Override
        public long counter(byte[] index) {
            return net.counter(index);
        }

        @Override
        public boolean writeReportingExisting(byte[] writeCap, byte[] index, byte[] plaintext) {
            return net.writeReportingExisting(writeCap, index, plaintext);
        }

        @Override
        public byte[] readNoRetry(byte[] readCap, byte[] index) {
            return net.readNoRetry(readCap, index);
        }

        @Override
        public MultiCopyEnvelopes createCopyEnvelopes(List<CopyPayload> payloads, boolean isStart, boolean isLast,
                byte[] buffer) {
            return net.createCopyEnvelopes(payloads, isStart, isLast, buffer);
        }

        @Override
        public void copy(byte[] tempWriteCap, byte[] courierIdentityHash, byte[] courierQueueId) {
            net.copy(tempWriteCap, courierIdentityHash, courierQueueId);
        }

        @Override
        public int maxPlaintextPayloadLength() {
            return net.maxPlain;
        }
    }
}
