package org.katzenpost.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.OwnerOnlyFiles;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.pigeonhole.ChannelReader;
import org.katzenpost.thin.pigeonhole.ChannelState;
import org.katzenpost.thin.pigeonhole.ChannelWriter;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pki.PkiDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = {
    "A guided end-to-end walk-through: status, echo pings, a Pigeonhole message from Alice to Bob, and a small "
            + "file transfer.",
    "With --config, or when a configured kpclientd is reachable, it runs against that daemon and the real "
            + "mixnet. Otherwise it runs against an in-process SIMULATION of kpclientd and the mixnet, and says so."})
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Option(names = "--simulate", description = "use the simulator even when a daemon is configured")
    boolean simulate;

    @Option(names = "--pings", paramLabel = "N", defaultValue = "3", description = "echo pings to send (default ${DEFAULT-VALUE})")
    int pings;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = root.out();
        Optional<ConfigLocator.Located> located = simulate ? Optional.empty() : root.locateConfig();
        String reason = simulate ? "--simulate was given" : "no kpclientd is configured";
        if (located.isPresent()) {
            ThinClientConfig cfg = root.clientConfig(located.get());
            ThinClient live = null;
            try {
                live = Katzen.connect(cfg, located.get().describe());
            } catch (CliException e) {
                if (e.exitCode() != ExitCodes.DAEMON_UNREACHABLE && e.exitCode() != ExitCodes.TIMEOUT
                        || located.get().source() == ConfigLocator.Source.OPTION) {
                    throw e; // an explicit --config means "this daemon": report it (exit 3 or 4)
                }
                reason = "kpclientd at " + cfg.dial() + " (" + located.get().describe()
                        + ") is not reachable";
            }
            if (live != null) {
                try (ThinClient client = live) {
                    banner(o, "LIVE: kpclientd at " + cfg.dial() + " (config " + located.get().describe()
                            + "); messages go through the real mixnet");
                    int code = walkThrough(client, o, false);
                    banner(o, "END OF LIVE DEMO against kpclientd at " + cfg.dial());
                    return code;
                }
            }
        }
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp(0).start()) {
            banner(o, "SIMULATION: " + reason + ", so this demo runs against an in-process simulator of kpclientd"
                    + " and the mixnet. Nothing leaves this machine; nothing here is anonymous or encrypted."
                    + " Pass --config PATH to use a real daemon.");
            ThinClientConfig cfg = sim.thinClientConfigBuilder().requestTimeout(root.requestTimeout()).build();
            int code;
            try (ThinClient client = ThinClient.connect(cfg)) {
                code = walkThrough(client, o, true);
            }
            banner(o, "END OF SIMULATION: everything above ran against the in-process simulator, not a mixnet.");
            return code;
        }
    }

    private static void banner(PrintWriter o, String text) {
        String line = "=".repeat(78);
        o.println(line);
        for (String l : wrap(text, 76)) {
            o.println("  " + l);
        }
        o.println(line);
        o.flush();
    }

    private static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String w : text.split(" ")) {
            if (cur.length() + w.length() + 1 > width && cur.length() > 0) {
                lines.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) {
                cur.append(' ');
            }
            cur.append(w);
        }
        if (cur.length() > 0) {
            lines.add(cur.toString());
        }
        return lines;
    }

    private int walkThrough(ThinClient client, PrintWriter o, boolean simulated) throws Exception {
        // 1. status
        o.println();
        o.println("[1/4] Status");
        PkiDocument doc = client.sync().awaitPkiDocument(root.requestTimeout());
        o.printf("  mixnet %s, PKI epoch %d: %d nodes, services: %s%n",
                client.isMixnetConnected() ? "connected" : "OFFLINE", doc.epoch(), doc.allNodes().size(),
                String.join(", ", doc.capabilities()));
        if (!client.isMixnetConnected()) {
            o.println("  the daemon is offline: the demo needs a mixnet connection. Check kpclientd's log.");
            return ExitCodes.OFFLINE;
        }

        // 2. echo pings
        o.println();
        o.println("[2/4] Echo ping: " + pings + " round trips through the mixnet to the echo service");
        PingCommand ping = new PingCommand();
        ping.count = Math.max(1, pings);
        ping.size = 56;
        ping.interval = Duration.ofMillis(simulated ? 200 : 1000);
        ping.replyTimeout = root.requestTimeout();
        ping.service = "echo";
        java.io.StringWriter pingOut = new java.io.StringWriter();
        int pingCode;
        try (PrintWriter pw = new PrintWriter(pingOut)) {
            pingCode = ping.ping(client, pw, true);
        }
        for (String l : pingOut.toString().split("\n")) {
            if (!l.isBlank()) {
                o.println("  " + l);
            }
        }
        o.flush();

        // 3. a Pigeonhole message with the library's channel API
        o.println();
        o.println("[3/4] Pigeonhole: Alice writes a message to a new channel, Bob reads it with the read capability");
        PigeonholeClient ph = client.pigeonhole();
        ChannelState alice = ph.sync().createChannel();
        ChannelWriter writer = ph.channelWriter(alice);
        ChannelReader reader = ph.channelReader(alice.forReaderOnly());
        String text = "Hello Bob, this is Alice. (sent at " + java.time.Instant.now() + ")";
        long t0 = System.nanoTime();
        writer.send(text.getBytes(StandardCharsets.UTF_8));
        o.printf("  Alice: wrote %d bytes (%.0f ms)%n", text.length(), (System.nanoTime() - t0) / 1e6);
        t0 = System.nanoTime();
        String got = new String(reader.receive(root.requestTimeout()), StandardCharsets.UTF_8);
        o.printf("  Bob:   read \"%s\" (%.0f ms)%n", got, (System.nanoTime() - t0) / 1e6);
        boolean messageOk = got.equals(text);
        o.flush();

        // 4. a file transfer with persistent, resumable channels
        o.println();
        o.println("[4/4] File transfer through a copy stream (all or nothing), resumable via a SQLite store");
        Path dir = Files.createTempDirectory("katzen-demo-");
        boolean fileOk;
        try {
            Files.setPosixFilePermissions(dir, OwnerOnlyFiles.DIR);
            StringBuilder sb = new StringBuilder();
            for (int i = 1; sb.length() < 6000; i++) {
                sb.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
            }
            byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
            Path outDir = Files.createDirectory(dir.resolve("bob-downloads"));
            PigeonholeClient pigeonhole = client.pigeonhole().withTimeout(root.mixnetTimeout());
            ChannelFile ch = GenkeyCommand.generate(client.pigeonhole());
            t0 = System.nanoTime();
            try (ChannelStore aliceStore = ChannelStore.open(dir.resolve("alice.db"))) {
                PersistentChannels channels = new PersistentChannels(aliceStore, pigeonhole);
                ch.addWriteChannelTo(aliceStore);
                Transfers.send(channels, ch.storeName(), Transfers.Source.ofBytes(content, "demo.txt"), false,
                        new ProgressBar(root.err(), false, "", ""), o);
            }
            o.printf("  Alice: sent demo.txt, %d bytes (%.0f ms)%n", content.length, (System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            Path dest;
            try (ChannelStore bobStore = ChannelStore.open(dir.resolve("bob.db"))) {
                PersistentChannels channels = new PersistentChannels(bobStore, pigeonhole);
                ch.addReadChannelTo(bobStore);
                Transfers.Received r = Transfers.receive(channels, ch.storeName(),
                        new ProgressBar(root.err(), false, "", ""), o);
                dest = outDir.resolve(FileNames.sanitize(r.header().name()));
                Transfers.deliver(dest, r.content(), false);
                bobStore.markConsumed(r.messageIds());
                o.printf("  Bob:   received %s, %d bytes in %d boxes (%.0f ms)%n", r.header().name(),
                        r.header().size(), r.boxes(), (System.nanoTime() - t0) / 1e6);
            }
            MessageDigest sha = Transfers.sha256();
            fileOk = MessageDigest.isEqual(sha.digest(content), Transfers.sha256().digest(Files.readAllBytes(dest)));
            o.println("  SHA-256 of the received file " + (fileOk ? "matches" : "DOES NOT MATCH") + " the original");
        } finally {
            deleteTree(dir, root.err());
        }
        o.println();
        boolean ok = pingCode == ExitCodes.OK && messageOk && fileOk;
        o.println(ok ? "All four steps worked." : "Some steps failed; see above.");
        o.println("Next: `katzen --help`, and docs/cli.md for every command.");
        o.flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Deletes the demo's folder; says so on {@code err} when it cannot (it holds the demo's channel store). */
    private static void deleteTree(Path dir, PrintWriter err) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            err.println("katzen: could not delete the demo's temporary folder " + dir + " (" + cause + "); delete it"
                    + " yourself");
            err.flush();
        }
    }
}
