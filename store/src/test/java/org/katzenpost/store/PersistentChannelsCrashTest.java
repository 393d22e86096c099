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

    /**
     * What {@link #runWithCrashes} did: the work's result, how often the store was abandoned and reopened, and how many
     * checkpoints the first run passed (all of them when it did not crash).
     */
    private record Run<T>(T result, int restarts, int firstRunSteps) {
        /** Fails unless the crash asked for fired (once) or, past the last step, none did. */
        Run<T> crashedIfAsked(int crashAt, int steps, String what) {
            assertThat(restarts).as("%s: crash at step %d of %d", what, crashAt, steps)
                    .isEqualTo(crashAt >= 1 && crashAt <= steps ? 1 : 0);
            return this;
        }
    }

    /** Runs {@code work} with a crash at checkpoint number {@code crashAt} (1-based; 0 = never); retries until done. */
    private <T> Run<T> runWithCrashes(Path db, int crashAt, Function<PersistentChannels, T> work) {
        int restarts = 0;
        int firstRunSteps = 0;
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
                return new Run<>(result, restarts, restarts == 0 ? seen.get() : firstRunSteps);
            } catch (Crash c) {
                if (restarts == 0) {
                    firstRunSteps = seen.get();
                }
                restarts++; // the store is abandoned, like a killed process would leave it
            }
        }
    }

    /** One scenario: runs it with a crash at checkpoint {@code crashAt} (0 = none) and checks the outcome. */
    private interface Scenario {
        /**
         * @param crashAt the checkpoint to crash at, 1-based; 0 for none
         * @param steps the checkpoints of a run without a crash (0 while that is not known yet)
         * @return the checkpoints the first run passed
         */
        int run(int crashAt, int steps);
    }

    /**
     * Runs {@code scenario} without a crash, which counts its checkpoints, then once with a crash at each of them in
     * turn: every step is crashed at, however many the code has, and a crash that does not fire fails.
     */
    private static void atEveryStep(Scenario scenario) {
        int steps = scenario.run(0, 0);
        assertThat(steps).as("checkpoints passed without a crash").isPositive();
        for (int crashAt = 1; crashAt <= steps; crashAt++) {
            scenario.run(crashAt, steps);
        }
    }

    @Test
    void messagesSurviveACrashAtEveryStep() {
        int[] steps = messagesWithACrashAt(0, new int[] {0, 0}); // sender's and receiver's checkpoints
        assertThat(steps).as("checkpoints passed without a crash").doesNotContain(0);
        for (int crashAt = 1; crashAt <= Math.max(steps[0], steps[1]); crashAt++) {
            messagesWithACrashAt(crashAt, steps);
        }
    }

    /** Ten messages sent and received, each side crashed at {@code crashAt}; returns both sides' checkpoints. */
    private int[] messagesWithACrashAt(int crashAt, int[] steps) {
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
        Run<?> sender = runWithCrashes(sdb, crashAt, ch -> {
            ch.flush("out");
            while (handedOver.get() < sent.size()) {
                int i = handedOver.getAndIncrement();
                ch.send("out", sent.get(i).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        }).crashedIfAsked(crashAt, steps[0], "sender");
        List<String> got = new ArrayList<>();
        Run<?> receiver = runWithCrashes(rdb, crashAt, ch -> {
            while (got.size() < sent.size()) {
                ReceivedMessage m = ch.next("in");
                got.add(new String(m.payload(), StandardCharsets.UTF_8));
                ch.consumed(m);
            }
            return null;
        }).crashedIfAsked(crashAt, steps[1], "receiver");
        assertThat(got).as("crash at step %d", crashAt).containsExactlyElementsOf(sent);
        return new int[] {sender.firstRunSteps(), receiver.firstRunSteps()};
    }

    @Test
    void copyTransferSurvivesACrashAtEveryStep() {
        byte[] payload = new byte[1000];
        new Random(1).nextBytes(payload);
        atEveryStep((crashAt, steps) -> {
            Path sdb = tmp.resolve("cs" + crashAt + ".db");
            Keypair kp = writeChannel(sdb, "out");
            Run<?> run = runWithCrashes(sdb, crashAt, ch -> {
                var open = ch.unfinishedTransfer("out");
                if (open.isPresent()) {
                    return ch.resume(open.get(), off -> new ByteArrayInputStream(payload, (int) off,
                            payload.length - (int) off), PersistentChannels.Progress.NONE);
                }
                if (!ch.store().writeChannel("out").get().nextIndex().equals(kp.firstIndex())) {
                    return null; // finished before the crash point
                }
                return ch.sendCopy("out", "f", payload, null, PersistentChannels.Progress.NONE);
            }).crashedIfAsked(crashAt, steps, "copy transfer");
            // read back every destination box: all there, in order, once, and no box after them
            assertThat(net.contents(kp)).as("crash at step %d", crashAt).isEqualTo(payload);
            return run.firstRunSteps();
        });
    }

    @Test
    void directTransferSurvivesACrashAtEveryStep() {
        byte[] file = new byte[300];
        new Random(2).nextBytes(file);
        byte[] header = "HDR:".getBytes(StandardCharsets.US_ASCII);
        atEveryStep((crashAt, steps) -> {
            Path sdb = tmp.resolve("ds" + crashAt + ".db");
            Keypair kp = writeChannel(sdb, "out");
            AtomicInteger attempts = new AtomicInteger();
            PersistentChannels.Source src = off -> {
                ByteArrayInputStream in = new ByteArrayInputStream(file);
                in.skipNBytes(off);
                return in;
            };
            Run<?> run = runWithCrashes(sdb, crashAt, ch -> {
                var open = ch.unfinishedTransfer("out");
                if (open.isPresent()) {
                    return ch.resume(open.get(), header, src, PersistentChannels.Progress.NONE);
                }
                if (attempts.getAndIncrement() > 0) {
                    return null; // the first run finished before its crash point
                }
                return ch.sendDirect("out", "f", header, file.length, null, src, PersistentChannels.Progress.NONE);
            }).crashedIfAsked(crashAt, steps, "direct transfer");
            byte[] expect = new byte[header.length + file.length];
            System.arraycopy(header, 0, expect, 0, header.length);
            System.arraycopy(file, 0, expect, header.length, file.length);
            assertThat(net.contents(kp)).as("crash at step %d (and no extra box)", crashAt).isEqualTo(expect);
            return run.firstRunSteps();
        });
    }

    @Test
    void tombstoneRangeSurvivesACrashAtEveryStep() {
        atEveryStep((crashAt, steps) -> {
            Path sdb = tmp.resolve("ts" + crashAt + ".db");
            Keypair kp = writeChannel(sdb, "out");
            AtomicInteger step = new AtomicInteger(); // 0: send a, 1: tombstone 3, 2: send b, 3: done
            Run<?> run = runWithCrashes(sdb, crashAt, ch -> {
                ch.flush("out");
                while (step.get() < 3) { // like the sender above: an operation handed over is the store's
                    switch (step.getAndIncrement()) {
                        case 0 -> ch.send("out", "a".getBytes(StandardCharsets.UTF_8));
                        case 1 -> ch.tombstoneRange("out", 3);
                        default -> ch.send("out", "b".getBytes(StandardCharsets.UTF_8));
                    }
                }
                return null;
            }).crashedIfAsked(crashAt, steps, "tombstones");
            List<String> got = net.boxes(kp).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            assertThat(got).as("crash at step %d", crashAt).containsExactly("a", "", "", "", "b");
            return run.firstRunSteps();
        });
    }

    @Test
    void copyStreamBuilderSurvivesACrashAtEveryStep() {
        byte[] one = new byte[200];
        byte[] two = new byte[90];
        new Random(4).nextBytes(one);
        new Random(5).nextBytes(two);
        atEveryStep((crashAt, steps) -> {
            Path sdb = tmp.resolve("cb" + crashAt + ".db");
            Keypair a = writeChannel(sdb, "a");
            Keypair b = writeChannel(sdb, "b");
            Run<?> run = runWithCrashes(sdb, crashAt, ch -> {
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
            }).crashedIfAsked(crashAt, steps, "copy stream");
            for (var c : List.of(new Object[] {a, one}, new Object[] {b, two})) {
                Keypair kp = (Keypair) c[0];
                byte[] want = (byte[]) c[1];
                assertThat(net.contents(kp)).as("crash at step %d (and no extra box)", crashAt).isEqualTo(want);
            }
            try (ChannelStore s = ChannelStore.open(sdb)) {
                assertThat(s.copyStreams().openCopyStreams()).isEmpty();
            }
            return run.firstRunSteps();
        });
    }
}
