package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.stats.RequestKind;

/**
 * Runs {@code katzen send} and {@code katzen receive} in child JVMs, kills them with SIGKILL
 * ({@link Process#destroyForcibly()}) in the middle of a transfer, then runs them again: the restarted ones
 * finish the transfer, the receiver gets the exact file, and no box was written twice or skipped.
 */
class KilledTransferResumesTest {

    @TempDir
    Path tmp;

    private Process child(CliHarness h, Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Katzen.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(h.cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(new File(out + ".err"));
        pb.environment().put("HOME", h.home.toString());
        pb.environment().putAll(h.env);
        return pb.start();
    }

    private long starts(KpclientdSimulator sim) {
        return sim.requests(RequestKind.START_RESENDING_ENCRYPTED_MESSAGE).size();
    }

    /** Starts a child, waits until it has issued {@code after} more mixnet operations, kills it. */
    private void killAfter(KpclientdSimulator sim, CliHarness h, long after, String... args) throws Exception {
        long base = starts(sim);
        Process p = child(h, tmp.resolve("child-" + System.nanoTime() + ".out"), args);
        boolean reached = sim.await(() -> starts(sim) >= base + after || !p.isAlive(), Duration.ofSeconds(60));
        assertThat(reached).isTrue();
        assertThat(p.isAlive()).as("the child finished before it could be killed; make the transfer longer").isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * The random kill points, from a seed printed to the test's output so that a failure can be replayed with
     * {@code -Dkill.seed=...}.
     */
    private static Random killPoints() {
        long seed = Long.getLong("kill.seed", System.nanoTime());
        System.out.println("kill points from -Dkill.seed=" + seed);
        return new Random(seed);
    }

    @Test
    void boxByBoxSenderAndReceiverKilledMidTransferFinishWithNothingLostOrDuplicated() throws Exception {
        Random rnd = killPoints();
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().pigeonholeLatency(Duration.ofMillis(40))
                .start()) {
            CliHarness alice = new CliHarness(tmp.resolve("alice"));
            CliHarness bob = new CliHarness(tmp.resolve("bob"));
            String cfg = alice.configFor(sim).toString();
            assertThat(alice.run("genkey", "ch", "--read-only", bob.cwd.resolve("ch").toString(), "--config", cfg)
                    .code()).isZero();
            int boxPlain = sim.pigeonholeGeometry().maxPlaintextPayloadLength();
            byte[] content = new byte[boxPlain * 24 + 123];
            rnd.nextBytes(content);
            Files.write(alice.cwd.resolve("big.bin"), content);
            int boxesBefore = sim.boxCount();

            // two kills of the sender at random points, then a run to the end
            for (int kill = 0; kill < 2; kill++) {
                killAfter(sim, alice, 2 + rnd.nextInt(6), "send", "--channel", "ch", "--no-copy", "big.bin",
                        "--config", cfg);
            }
            CliHarness.Result sent = alice.run("send", "--channel", "ch", "--no-copy", "big.bin", "--config", cfg);
            assertThat(sent.code()).as(sent.toString()).isZero();
            assertThat(sent.stderr()).contains("resuming the interrupted transfer of big.bin");
            int expectedBoxes = (FileHeader.encode("big.bin", content.length).length + content.length + boxPlain - 1)
                    / boxPlain;
            assertThat(sim.boxCount() - boxesBefore).as("boxes written: each once, none skipped or extra")
                    .isEqualTo(expectedBoxes);

            // kill the receiver mid-way twice, then let it finish
            for (int kill = 0; kill < 2; kill++) {
                killAfter(sim, bob, 2 + rnd.nextInt(6), "receive", "--channel", "ch", "--config", cfg);
            }
            assertThat(bob.cwd.resolve("big.bin")).doesNotExist();
            CliHarness.Result got = bob.run("receive", "--channel", "ch", "--config", cfg);
            assertThat(got.code()).as(got.toString()).isZero();
            assertThat(got.stderr()).contains("resuming");
            assertThat(Files.readAllBytes(bob.cwd.resolve("big.bin"))).isEqualTo(content);
            try (var files = Files.list(bob.cwd)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ch", "big.bin");
            }
            // delivered exactly once: the next receive waits for a new file instead of repeating this one
            CliHarness.Result next = bob.run("receive", "--channel", "ch", "--timeout", "500ms", "--config", cfg);
            assertThat(next.code()).isEqualTo(ExitCodes.TIMEOUT);
        }
    }

    @Test
    void copyStreamSenderKilledMidTransferFinishesAndTheReceiverGetsAllOfIt() throws Exception {
        Random rnd = killPoints();
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().pigeonholeLatency(Duration.ofMillis(40))
                .start()) {
            CliHarness alice = new CliHarness(tmp.resolve("alice"));
            CliHarness bob = new CliHarness(tmp.resolve("bob"));
            String cfg = alice.configFor(sim).toString();
            assertThat(alice.run("genkey", "ch", "--read-only", bob.cwd.resolve("ch").toString(), "--config", cfg)
                    .code()).isZero();
            byte[] content = new byte[sim.pigeonholeGeometry().maxPlaintextPayloadLength() * 20];
            rnd.nextBytes(content);
            Files.write(alice.cwd.resolve("doc.bin"), content);
            killAfter(sim, alice, 2 + rnd.nextInt(8), "send", "--channel", "ch", "doc.bin", "--config", cfg);
            CliHarness.Result sent = alice.run("send", "--channel", "ch", "doc.bin", "--config", cfg);
            assertThat(sent.code()).as(sent.toString()).isZero();
            assertThat(sent.stderr()).contains("resuming");
            CliHarness.Result got = bob.run("receive", "--channel", "ch", "--config", cfg);
            assertThat(got.code()).as(got.toString()).isZero();
            assertThat(Files.readAllBytes(bob.cwd.resolve("doc.bin"))).isEqualTo(content);
        }
    }
}
