package org.katzenpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;

/** genkey, send --channel and receive against the simulator. */
class PigeonholeCommandsTest {
    @TempDir
    Path tmp;

    KpclientdSimulator sim;
    CliHarness h;
    String cfg;

    @BeforeEach
    void setUp() throws Exception {
        sim = KpclientdSimulator.builder().tcp().pigeonholeLatency(Duration.ofMillis(1)).start();
        h = new CliHarness(tmp);
        cfg = h.configFor(sim).toString();
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private void genkey() {
        CliHarness.Result r = h.run("genkey", "alice.channel", "--read-only", "bob.channel", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void genkeyWritesOwnerOnlyFilesAndNoSecretsToTheConsole() throws Exception {
        genkey();
        Path alice = h.cwd.resolve("alice.channel");
        Path bob = h.cwd.resolve("bob.channel");
        assertThat(perms(alice)).isEqualTo("rw-------");
        assertThat(perms(bob)).isEqualTo("rw-------");
        ChannelFile a = ChannelFile.read(alice);
        ChannelFile b = ChannelFile.read(bob);
        assertThat(a.canWrite()).isTrue();
        assertThat(b.canWrite()).isFalse();
        assertThat(b.readCap()).isEqualTo(a.readCap());
        String writeCapB64 = java.util.Base64.getEncoder().encodeToString(a.writeCap());
        CliHarness.Result again = h.run("genkey", "alice.channel", "--config", cfg);
        assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.stderr()).contains("already exists").doesNotContain(writeCapB64);
        assertThat(ChannelFile.read(alice).writeCap()).isEqualTo(a.writeCap());
        assertThat(h.run("genkey", "alice.channel", "--force", "--config", cfg).code()).isZero();
        assertThat(ChannelFile.read(alice).writeCap()).isNotEqualTo(a.writeCap());
    }

    @Test
    void genkeyToStdoutOnlyWhenAsked() {
        CliHarness.Result r = h.run("genkey", "-", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        ChannelFile c = ChannelFile.parse(r.stdout(), "stdout");
        assertThat(c.canWrite()).isTrue();
    }

    @Test
    void sendThenReceiveAFileThroughACopyStream() throws Exception {
        genkey();
        byte[] content = new byte[5000];
        new Random(7).nextBytes(content);
        Files.write(h.cwd.resolve("report.bin"), content);
        CliHarness.Result s = h.run("send", "--channel", "alice.channel", "report.bin", "--config", cfg);
        assertThat(s.code()).as(s.toString()).isZero();
        assertThat(s.stderr()).contains("sent report.bin (5000 bytes, copy stream");
        Files.createDirectories(h.cwd.resolve("in"));
        CliHarness.Result r = h.run("receive", "--channel", "bob.channel", "-o", "in", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(h.cwd.resolve("in/report.bin"))).isEqualTo(content);
        assertThat(perms(h.cwd.resolve("in/report.bin"))).isEqualTo("rw-------");
        Path db = tmp.resolve("store/katzen.db");
        assertThat(perms(db)).isEqualTo("rw-------");
        assertThat(perms(db.getParent())).isEqualTo("rwx------");
    }

    @Test
    void aFileOfManyChunksGoesOverSeveralConnections() throws Exception {
        genkey();
        byte[] content = new byte[sim.pigeonholeGeometry().maxPlaintextPayloadLength() * 30 + 11];
        new Random(8).nextBytes(content);
        Files.write(h.cwd.resolve("big.bin"), content);
        CliHarness.Result s = h.run("send", "--channel", "alice.channel", "big.bin", "--chunk-boxes", "4",
                "--connections", "3", "--config", cfg);
        assertThat(s.code()).as(s.toString()).isZero();
        Files.createDirectories(h.cwd.resolve("in"));
        CliHarness.Result r = h.run("receive", "--channel", "bob.channel", "-o", "in", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(h.cwd.resolve("in/big.bin"))).isEqualTo(content);
        assertThat(h.run("send", "--channel", "alice.channel", "big.bin", "--connections", "0", "--config", cfg)
                .code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void pigeonholeCpKeyFilesWorkForSendingAndReceiving() throws Exception {
        genkey();
        ChannelFile a = ChannelFile.read(h.cwd.resolve("alice.channel"));
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        // what `pigeonhole-cp genkey` prints, saved to a file; the receiver keeps only what it needs
        String full = "Read Capability (share with recipient):\n" + b64.encodeToString(a.readCap()) + "\n\n"
                + "Write Capability (keep secret):\n" + b64.encodeToString(a.writeCap()) + "\n\n"
                + "First Index:\n" + b64.encodeToString(a.firstIndex()) + "\n";
        String readOnly = "Read Capability (share with recipient):\n" + b64.encodeToString(a.readCap()) + "\n\n"
                + "First Index:\n" + b64.encodeToString(a.firstIndex()) + "\n";
        Files.writeString(h.cwd.resolve("pcp.keys"), full);
        Files.writeString(h.cwd.resolve("pcp-read.keys"), readOnly);
        ChannelFile parsed = ChannelFile.read(h.cwd.resolve("pcp.keys"));
        assertThat(parsed.writeCap()).isEqualTo(a.writeCap());
        assertThat(parsed.storeName()).isEqualTo(a.storeName());
        assertThat(ChannelFile.read(h.cwd.resolve("pcp-read.keys")).canWrite()).isFalse();
        Files.writeString(h.cwd.resolve("note.txt"), "from a pigeonhole-cp key file");
        CliHarness.Result s = h.run("send", "--channel", "pcp.keys", "note.txt", "--config", cfg);
        assertThat(s.code()).as(s.toString()).isZero();
        Files.createDirectories(h.cwd.resolve("in"));
        CliHarness.Result r = h.run("receive", "--channel", "pcp-read.keys", "-o", "in", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readString(h.cwd.resolve("in/note.txt"))).isEqualTo("from a pigeonhole-cp key file");
        Files.writeString(h.cwd.resolve("bad.keys"), "First Index:\n" + b64.encodeToString(a.firstIndex()) + "\n"
                + "Read Capability (share with recipient):\n!!notbase64!!\n");
        CliHarness.Result bad = h.run("send", "--channel", "bad.keys", "note.txt", "--config", cfg);
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.stderr()).contains("read_cap is not valid Base64");
    }

    @Test
    void boxByBoxFromStdinToStdout() {
        genkey();
        byte[] content = "x".repeat(7000).getBytes(StandardCharsets.UTF_8);
        CliHarness.Result s = h.runWithStdin(content, "send", "--channel", "alice.channel", "--no-copy",
                "--name", "notes.txt", "--json", "--config", cfg);
        assertThat(s.code()).as(s.toString()).isZero();
        assertThat(s.stdout()).contains("\"mode\": \"direct\"").contains("\"bytes\": 7000");
        CliHarness.Result r = h.run("receive", "--channel", "bob.channel", "-o", "-", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(content);
        assertThat(r.stderr()).contains("received notes.txt (7000 bytes");
    }

    @Test
    void filesArriveInOrderOnOneChannel() throws Exception {
        genkey();
        Files.writeString(h.cwd.resolve("one.txt"), "first");
        Files.writeString(h.cwd.resolve("two.txt"), "second");
        assertThat(h.run("send", "--channel", "alice.channel", "one.txt", "--config", cfg).code()).isZero();
        assertThat(h.run("send", "--channel", "alice.channel", "two.txt", "--no-copy", "--config", cfg).code()).isZero();
        Path in = Files.createDirectories(tmp.resolve("bobdir"));
        CliHarness.Result r1 = h.run("receive", "--channel", "bob.channel", "-o", in.toString(), "--json", "--config", cfg);
        assertThat(r1.code()).as(r1.toString()).isZero();
        assertThat(r1.stdout()).contains("\"name\": \"one.txt\"");
        CliHarness.Result r2 = h.run("receive", "--channel", "bob.channel", "-o", in.toString(), "--config", cfg);
        assertThat(r2.code()).as(r2.toString()).isZero();
        assertThat(Files.readString(in.resolve("one.txt"))).isEqualTo("first");
        assertThat(Files.readString(in.resolve("two.txt"))).isEqualTo("second");
    }

    @Test
    void receiveNeverClobbersAndKeepsTheTransferForAnotherTry() throws Exception {
        genkey();
        Files.writeString(h.cwd.resolve("a.txt"), "new content");
        assertThat(h.run("send", "--channel", "alice.channel", "a.txt", "--config", cfg).code()).isZero();
        Path in = Files.createDirectories(tmp.resolve("dl"));
        Files.writeString(in.resolve("a.txt"), "precious");
        CliHarness.Result r = h.run("receive", "--channel", "bob.channel", "-o", in.toString(), "--config", cfg);
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("already exists");
        assertThat(Files.readString(in.resolve("a.txt"))).isEqualTo("precious");
        CliHarness.Result again = h.run("receive", "--channel", "bob.channel", "-o", in.resolve("b.txt").toString(),
                "--config", cfg);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.stderr()).contains("resuming");
        assertThat(Files.readString(in.resolve("b.txt"))).isEqualTo("new content");
    }

    @Test
    void hostileFileNamesFromTheSenderAreRefused() throws Exception {
        genkey();
        ChannelFile alice = ChannelFile.read(h.cwd.resolve("alice.channel"));
        for (String evil : new String[] {"../../etc/passwd", "..", "a/b", "bad\u0007name", "sub\\dir"}) {
            // a hostile sender: bypasses the CLI's own check
            try (ThinClient client = ThinClient.connect(sim.thinClientConfig());
                    ChannelStore store = ChannelStore.open(tmp.resolve("evil.db"))) {
                PersistentChannels ch = new PersistentChannels(store, client.pigeonhole());
                alice.addWriteChannelTo(store);
                Transfers.send(ch, alice.storeName(), Transfers.Source.ofBytes(new byte[] {1}, evil), false,
                        new ProgressBar(null, false, "", ""), new java.io.PrintWriter(java.io.Writer.nullWriter()));
            }
            Path in = Files.createDirectories(tmp.resolve("safe"));
            CliHarness.Result r = h.run("receive", "--channel", "bob.channel", "-o", in.toString(), "--config", cfg);
            assertThat(r.code()).as(evil + ": " + r).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.stderr()).contains("refusing");
            try (var files = Files.list(in)) {
                assertThat(files).isEmpty();
            }
            // the user can still take it under a name of their choosing
            CliHarness.Result ok = h.run("receive", "--channel", "bob.channel", "-o", in.resolve("chosen").toString(),
                    "--config", cfg);
            assertThat(ok.code()).as(ok.toString()).isZero();
            Files.delete(in.resolve("chosen"));
        }
    }

    @Test
    void senderChecksItsOwnNameAndCapabilities() throws Exception {
        genkey();
        CliHarness.Result ro = h.runWithStdin(new byte[] {1}, "send", "--channel", "bob.channel", "--config", cfg);
        assertThat(ro.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(ro.stderr()).contains("read-only");
        CliHarness.Result bad = h.runWithStdin(new byte[] {1}, "send", "--channel", "alice.channel", "--name", "../x",
                "--config", cfg);
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        CliHarness.Result missing = h.run("receive", "--channel", "nope.channel", "--config", cfg);
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.stderr()).contains("katzen genkey");
    }

    @Test
    void progressBarsOnATerminalOnly() throws Exception {
        genkey();
        Files.write(h.cwd.resolve("f.bin"), new byte[4000]);
        CliHarness.Result quiet = h.run("send", "--channel", "alice.channel", "f.bin", "--config", cfg);
        assertThat(quiet.code()).isZero();
        assertThat(quiet.stderr()).doesNotContain("[#").doesNotContain("\r");
        h.interactive = true;
        CliHarness.Result tty = h.run("send", "--channel", "alice.channel", "f.bin", "--no-copy", "--config", cfg);
        assertThat(tty.code()).as(tty.toString()).isZero();
        assertThat(tty.stderr()).contains("\rsending [").contains("100%");
        CliHarness.Result recv = h.run("receive", "--channel", "bob.channel", "-o", "got1", "--config", cfg);
        assertThat(recv.stderr()).contains("receiving [").contains("waiting for the sender");
        // a terminal on stdin with no INPUT: refuse instead of waiting for typing
        CliHarness.Result noInput = h.run("send", "--channel", "alice.channel", "--config", cfg);
        assertThat(noInput.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void receiveTimesOutWithExitFourWhenNothingWasSent() {
        genkey();
        CliHarness.Result r = h.run("receive", "--channel", "bob.channel", "--timeout", "500ms", "--config", cfg);
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT);
    }
}
