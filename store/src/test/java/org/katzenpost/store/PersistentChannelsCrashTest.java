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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.thin.pigeonhole.Keypair;

/**
 * Kills (simulated: an Error thrown at a step boundary, the store abandoned without close) a sender and a
 * receiver at every step in turn, restarts them on the same database, and checks that everything arrives once,
 * over the kpclientd simulator (which keeps the boxes across the restarts, as the replicas would).
 */
class PersistentChannelsCrashTest {
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @TempDir
    Path tmp;

    static SimulatedDaemon net;

    @BeforeAll
    static void startDaemon() {
        net = new SimulatedDaemon();
    }

    @AfterAll
    static void stopDaemon() {
        net.close();
    }

    /** A fresh stream stored as write channel {@code name} of {@code db}. */
    private static Keypair writeChannel(Path db, String name) {
        Keypair kp = net.newKeypair();
        try (ChannelStore s = ChannelStore.open(db)) {
            s.addWriteChannel(name, kp.writeCap(), kp.readCap(), kp.firstIndex(),
                    ChannelFormat.BOXES);
        }
        return kp;
    }

    /** Runs {@code work} with a crash at checkpoint number {@code crashAt} (1-based; 0 = never); retries until done. */
    private <T> T runWithCrashes(Path db, int crashAt, Function<PersistentChannels, T> work) {
        int restarts = 0;
        while (true) {
            ChannelStore store = ChannelStore.open(db);
            AtomicInteger seen = new AtomicInteger();
            int limit = restarts == 0 ? crashAt : 0;
            PersistentChannels ch = new PersistentChannels(store, net.ph).checkpoint(step -> {
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
            Keypair kp = writeChannel(sdb, "out");
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
            Keypair kp = writeChannel(sdb, "out");
            runWithCrashes(sdb, crashAt, ch -> {
                var open = ch.unfinishedTransfer("out");
                if (open.isPresent()) {
                    return ch.resume(open.get(), off -> new ByteArrayInputStream(payload, (int) off,
                            payload.length - (int) off), PersistentChannels.Progress.NONE);
                }
                if (!ch.store().writeChannel("out").get().nextIndex().equals(kp.firstIndex())) {
                    return null; // finished before the crash point
                }
                return ch.sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
            });
            // read back every destination box: all there, in order, once, and no box after them
            assertThat(net.contents(kp)).as("crash at step %d", crashAt).isEqualTo(payload);
        }
    }

    @Test
    void directTransferSurvivesACrashAtEveryStep() {
        byte[] file = new byte[300];
        new Random(2).nextBytes(file);
        byte[] header = "HDR:".getBytes(StandardCharsets.US_ASCII);
        for (int crashAt = 0; crashAt <= 20; crashAt++) {
            Path sdb = tmp.resolve("ds" + crashAt + ".db");
            Keypair kp = writeChannel(sdb, "out");
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
            byte[] expect = new byte[header.length + file.length];
            System.arraycopy(header, 0, expect, 0, header.length);
            System.arraycopy(file, 0, expect, header.length, file.length);
            assertThat(net.contents(kp)).as("crash at step %d (and no extra box)", crashAt).isEqualTo(expect);
        }
    }

    @Test
    void tombstoneRangeSurvivesACrashAtEveryStep() {
        for (int crashAt = 0; crashAt <= 8; crashAt++) {
            Path sdb = tmp.resolve("ts" + crashAt + ".db");
            Keypair kp = writeChannel(sdb, "out");
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
            List<String> got = net.boxes(kp).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
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
            Keypair a = writeChannel(sdb, "a");
            Keypair b = writeChannel(sdb, "b");
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
                Keypair kp = (Keypair) c[0];
                byte[] want = (byte[]) c[1];
                assertThat(net.contents(kp)).as("crash at step %d (and no extra box)", crashAt).isEqualTo(want);
            }
            try (ChannelStore s = ChannelStore.open(sdb)) {
                assertThat(s.copyStreams().openCopyStreams()).isEmpty();
            }
        }
    }
}
