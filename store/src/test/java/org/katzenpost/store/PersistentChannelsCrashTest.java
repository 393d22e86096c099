package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (simulated: an Error thrown at a step boundary, the store abandoned without close) a sender and a
 * receiver at every step in turn, restarts them on the same database, and checks that everything arrives once.
 */
class PersistentChannelsCrashTest {
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @TempDir
    Path tmp;

    private final FakePigeonhole net = new FakePigeonhole(64);

    /** Runs {@code work} with a crash at checkpoint number {@code crashAt} (1-based; 0 = never); retries until done. */
    private <T> T runWithCrashes(Path db, int crashAt, Function<PersistentChannels, T> work) {
        int restarts = 0;
        while (true) {
            ChannelStore store = ChannelStore.open(db);
            AtomicInteger seen = new AtomicInteger();
            int limit = restarts == 0 ? crashAt : 0;
            PersistentChannels ch = new PersistentChannels(store, net).checkpoint(step -> {
                if (seen.incrementAndGet() == limit) {
                    throw new Crash();
                }
            });
            try {
                T result = work.apply(ch);
                store.close();
                return result;
            } catch (Crash c) {
                restarts++; // the store is abandoned, like a killed process would leave it
            }
        }
    }

    @Test
    void messagesSurviveACrashAtEveryStep() {
        for (int crashAt = 0; crashAt <= 40; crashAt++) {
            Path sdb = tmp.resolve("s" + crashAt + ".db");
            Path rdb = tmp.resolve("r" + crashAt + ".db");
            PigeonholeBackend.Keypair kp;
            try (ChannelStore s = ChannelStore.open(sdb)) {
                kp = new PersistentChannels(s, net).newKeypair();
                s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(),
                        ChannelFormat.BOXES);
            }
            try (ChannelStore r = ChannelStore.open(rdb)) {
                r.addReadChannel("in", kp.readCap(), kp.firstIndex(), ChannelFormat.BOXES);
            }
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add("message " + i);
            }
            // the sender remembers what it already handed to send(); the store covers the rest
            AtomicInteger handedOver = new AtomicInteger();
            int crashPoint = crashAt;
            runWithCrashes(sdb, crashPoint, ch -> {
                ch.flush("out");
                while (handedOver.get() < sent.size()) {
                    int i = handedOver.getAndIncrement();
                    ch.send("out", sent.get(i).getBytes(StandardCharsets.UTF_8));
                }
                return null;
            });
            List<String> got = new ArrayList<>();
            runWithCrashes(rdb, crashPoint, ch -> {
                while (got.size() < sent.size()) {
                    ReceivedMessage m = ch.next("in");
                    got.add(new String(m.payload(), StandardCharsets.UTF_8));
                    ch.consumed(m);
                }
                return null;
            });
            assertThat(got).as("crash at step %d", crashAt).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void copyTransferSurvivesACrashAtEveryStep() {
        byte[] payload = new byte[1000];
        new Random(1).nextBytes(payload);
        for (int crashAt = 0; crashAt <= 25; crashAt++) {
            Path sdb = tmp.resolve("cs" + crashAt + ".db");
            PigeonholeBackend.Keypair kp;
            try (ChannelStore s = ChannelStore.open(sdb)) {
                kp = new PersistentChannels(s, net).newKeypair();
                s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(),
                        ChannelFormat.BOXES);
            }
            runWithCrashes(sdb, crashAt, ch -> {
                var open = ch.unfinishedTransfer("out");
                if (open.isPresent()) {
                    return ch.resume(open.get(), off -> new ByteArrayInputStream(payload, (int) off,
                            payload.length - (int) off), PersistentChannels.Progress.NONE);
                }
                if (!java.util.Arrays.equals(ch.store().writeChannel("out").get().nextIndex(), kp.firstIndex())) {
                    return null; // finished before the crash point
                }
                return ch.sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
            });
            // read back every destination box: all there, in order, once
            byte[] idx = kp.firstIndex();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (out.size() < payload.length) {
                out.writeBytes(net.read(kp.readCap(), idx));
                idx = net.nextIndex(idx);
            }
            assertThat(out.toByteArray()).as("crash at step %d", crashAt).isEqualTo(payload);
            assertThat(net.has(kp.readCap(), idx)).as("no box after the transfer").isFalse();
        }
    }

    @Test
    void directTransferSurvivesACrashAtEveryStep() {
        byte[] file = new byte[300];
        new Random(2).nextBytes(file);
        byte[] header = "HDR:".getBytes(StandardCharsets.US_ASCII);
        for (int crashAt = 0; crashAt <= 20; crashAt++) {
            Path sdb = tmp.resolve("ds" + crashAt + ".db");
            PigeonholeBackend.Keypair kp;
            try (ChannelStore s = ChannelStore.open(sdb)) {
                kp = new PersistentChannels(s, net).newKeypair();
                s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(),
                        ChannelFormat.BOXES);
            }
            AtomicInteger attempts = new AtomicInteger();
            PersistentChannels.Source src = off -> {
                ByteArrayInputStream in = new ByteArrayInputStream(file);
                in.skipNBytes(off);
                return in;
            };
            runWithCrashes(sdb, crashAt, ch -> {
                var open = ch.unfinishedTransfer("out");
                if (open.isPresent()) {
                    return ch.resume(open.get(), header, src, PersistentChannels.Progress.NONE);
                }
                if (attempts.getAndIncrement() > 0) {
                    return null; // the first run finished before its crash point
                }
                return ch.sendDirect("out", "f", header, file.length, null, src, PersistentChannels.Progress.NONE);
            });
            byte[] idx = kp.firstIndex();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (out.size() < header.length + file.length) {
                out.writeBytes(net.read(kp.readCap(), idx));
                idx = net.nextIndex(idx);
            }
            byte[] expect = new byte[header.length + file.length];
            System.arraycopy(header, 0, expect, 0, header.length);
            System.arraycopy(file, 0, expect, header.length, file.length);
            assertThat(out.toByteArray()).as("crash at step %d", crashAt).isEqualTo(expect);
            assertThat(net.has(kp.readCap(), idx)).as("no extra box").isFalse();
        }
    }

    @Test
    void tombstoneRangeSurvivesACrashAtEveryStep() {
        for (int crashAt = 0; crashAt <= 8; crashAt++) {
            Path sdb = tmp.resolve("ts" + crashAt + ".db");
            PigeonholeBackend.Keypair kp;
            try (ChannelStore s = ChannelStore.open(sdb)) {
                kp = new PersistentChannels(s, net).newKeypair();
                s.addWriteChannel("out", kp.writeCap(), kp.readCap(), kp.firstIndex(),
                        ChannelFormat.BOXES);
            }
            AtomicInteger step = new AtomicInteger(); // 0: send a, 1: tombstone 3, 2: send b, 3: done
            runWithCrashes(sdb, crashAt, ch -> {
                ch.flush("out");
                while (step.get() < 3) { // like the sender above: an operation handed over is the store's
                    switch (step.getAndIncrement()) {
                        case 0 -> ch.send("out", "a".getBytes(StandardCharsets.UTF_8));
                        case 1 -> ch.tombstoneRange("out", 3);
                        default -> ch.send("out", "b".getBytes(StandardCharsets.UTF_8));
                    }
                }
                return null;
            });
            List<String> got = new ArrayList<>();
            byte[] idx = kp.firstIndex();
            while (net.has(kp.readCap(), idx)) {
                got.add(new String(net.read(kp.readCap(), idx), StandardCharsets.UTF_8));
                idx = net.nextIndex(idx);
            }
            assertThat(got).as("crash at step %d", crashAt).containsExactly("a", "", "", "", "b");
        }
    }

    @Test
    void copyStreamBuilderSurvivesACrashAtEveryStep() {
        byte[] one = new byte[200];
        byte[] two = new byte[90];
        new Random(4).nextBytes(one);
        new Random(5).nextBytes(two);
        for (int crashAt = 0; crashAt <= 20; crashAt++) {
            Path sdb = tmp.resolve("cb" + crashAt + ".db");
            PigeonholeBackend.Keypair a;
            PigeonholeBackend.Keypair b;
            try (ChannelStore s = ChannelStore.open(sdb)) {
                PersistentChannels pc = new PersistentChannels(s, net);
                a = pc.newKeypair();
                b = pc.newKeypair();
                s.addWriteChannel("a", a.writeCap(), a.readCap(), a.firstIndex(),
                        ChannelFormat.BOXES);
                s.addWriteChannel("b", b.writeCap(), b.readCap(), b.firstIndex(),
                        ChannelFormat.BOXES);
            }
            runWithCrashes(sdb, crashAt, ch -> {
                List<Long> open = ch.unfinishedCopyStreams();
                CopyStreamBuilder builder = open.isEmpty() ? ch.copyStreamBuilder("x") : ch.copyStream(open.get(0));
                if (builder.state().state() == StoredCopyStream.State.DONE) {
                    return null;
                }
                if (builder.payloadsAdded() == 0) {
                    builder.addToChannel("a", one, false);
                }
                if (builder.payloadsAdded() == 1) {
                    builder.addToChannel("b", two, true);
                }
                return builder.finish();
            });
            for (var c : List.of(new Object[] {a, one}, new Object[] {b, two})) {
                PigeonholeBackend.Keypair kp = (PigeonholeBackend.Keypair) c[0];
                byte[] want = (byte[]) c[1];
                byte[] idx = kp.firstIndex();
                java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                while (got.size() < want.length) {
                    got.writeBytes(net.read(kp.readCap(), idx));
                    idx = net.nextIndex(idx);
                }
                assertThat(got.toByteArray()).as("crash at step %d", crashAt).isEqualTo(want);
                assertThat(net.has(kp.readCap(), idx)).as("no extra box").isFalse();
            }
            try (ChannelStore s = ChannelStore.open(sdb)) {
                assertThat(s.copyStreams().openCopyStreams()).isEmpty();
            }
        }
    }
}
