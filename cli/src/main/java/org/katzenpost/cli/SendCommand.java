package org.katzenpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.OwnerOnlyFiles;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.store.Transfer;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pki.ServiceDescriptor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = {
    "Send a file or stdin, either as one message to a mixnet service (--service), or over a Pigeonhole "
            + "channel (--channel), like pigeonhole-cp.",
    "",
    "  katzen send --service echo --wait hello.txt",
    "  katzen send --channel alice.channel report.pdf",
    "",
    "Channel sends go through a copy stream by default: the receiver gets the whole file or nothing. "
            + "--no-copy writes box by box (no size limit). A send that is interrupted (killed, network lost) "
            + "resumes where it stopped when you run the same command again: nothing is lost or sent twice."})
final class SendCommand implements java.util.concurrent.Callable<Integer> {
    private static final long STDIN_LIMIT = 64L * 1024 * 1024;

    @ParentCommand
    Katzen root;

    static final class Target {
        @Option(names = "--service", paramLabel = "CAPABILITY", required = true,
                description = "send one message to this service, e.g. echo")
        String service;

        @Option(names = "--channel", paramLabel = "FILE", required = true,
                description = "send over the Pigeonhole channel of this channel file (from `katzen genkey`)")
        Path channel;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "file to send (default or '-': stdin)")
    String input;

    @Option(names = "--wait", description = "--service: wait for the reply and write it to stdout (or -o)")
    boolean waitForReply;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "--service --wait: write the reply to FILE")
    Path output;

    @Option(names = "--no-copy", description = "--channel: write box by box instead of through a copy stream")
    boolean noCopy;

    @Option(names = "--name", paramLabel = "NAME", description = "--channel: file name for the receiver (default: INPUT's name)")
    String name;

    @Option(names = "--abandon", description = "--channel: drop an unfinished transfer on this channel, then send")
    boolean abandon;

    @Option(names = "--json", description = "print a JSON summary")
    boolean json;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "3",
            description = "--channel: daemon connections to use (kpclientd encrypts one connection's requests one"
                    + " after the other; more connections keep more of its cores busy). Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--chunk-boxes", paramLabel = "N", defaultValue = "" + PersistentChannels.DEFAULT_COPY_CHUNK_BOXES,
            description = "--channel copy streams: boxes encoded per daemon call (each call has its own deadline)."
                    + " Default: ${DEFAULT-VALUE}")
    int chunkBoxes;

    @Mixin
    StoreOption storeOption = new StoreOption();

    @Override
    public Integer call() throws IOException {
        if (target.service != null) {
            return sendToService();
        }
        return sendOnChannel();
    }

    private byte[] readInput(long limit) throws IOException {
        if (input == null || input.equals("-")) {
            if (input == null && root.env.interactive()) {
                throw new CliException(ExitCodes.USAGE, "nothing to send: give a file, or pipe data in"
                        + " (e.g. `echo hi | katzen send ...`), or pass - to type it");
            }
            InputStream in = root.env.stdin();
            byte[] data = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (data.length > limit) {
                throw new CliException(ExitCodes.USAGE, "stdin holds more than " + limit + " bytes");
            }
            return data;
        }
        Path p = root.env.resolve(Path.of(input));
        if (Files.size(p) > limit) {
            throw new CliException(ExitCodes.USAGE, p + " is " + Files.size(p) + " bytes; the limit here is " + limit);
        }
        return Files.readAllBytes(p);
    }

    private int sendToService() throws IOException {
        if (noCopy || name != null || abandon) {
            throw new CliException(ExitCodes.USAGE, "--no-copy, --name and --abandon go with --channel");
        }
        if (output != null && !waitForReply) {
            throw new CliException(ExitCodes.USAGE, "-o needs --wait");
        }
        try (ThinClient client = root.connect()) {
            int max = client.maxMessagePayloadLength();
            byte[] payload = readInput(max > 0 ? max : STDIN_LIMIT);
            if (payload.length == 0) {
                throw new CliException(ExitCodes.USAGE, "nothing to send: the input is empty");
            }
            ServiceDescriptor svc = client.getService(target.service);
            Destination dest = svc.toDestination();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("service", target.service);
            summary.put("node", svc.node().name());
            summary.put("bytes", payload.length);
            if (!waitForReply) {
                if (!client.isMixnetConnected()) {
                    throw new org.katzenpost.thin.OfflineException("kpclientd is in offline mode; cannot send");
                }
                client.sendMessageWithoutReply(payload, dest);
                if (json) {
                    summary.put("reply", false);
                    root.out().println(Json.write(summary));
                } else {
                    root.err().printf("sent %d bytes to %s on %s (no reply requested)%n", payload.length,
                            target.service, svc.node().name());
                }
                return ExitCodes.OK;
            }
            long t0 = System.nanoTime();
            byte[] reply = client.sync().sendMessage(client.newSurbId(), payload, dest, root.requestTimeout());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int end = reply.length;
            while (end > 0 && reply[end - 1] == 0) {
                end--; // services pad replies with zeros to the full payload length
            }
            byte[] trimmed = java.util.Arrays.copyOf(reply, end);
            if (output != null) {
                Path p = root.env.resolve(output);
                Files.write(p, trimmed);
                root.err().printf("reply of %d bytes (after %d ms) written to %s%n", trimmed.length, ms, p);
            } else if (json) {
                summary.put("reply_bytes", trimmed.length);
                summary.put("reply_ms", ms);
                summary.put("reply_hex", HexFormat.of().formatHex(trimmed));
                root.out().println(Json.write(summary));
            } else {
                root.rawOut().write(trimmed);
                root.rawOut().flush();
                root.err().printf("%n(reply of %d bytes from %s after %d ms)%n", trimmed.length, target.service, ms);
            }
            return ExitCodes.OK;
        }
    }

    private int sendOnChannel() throws IOException {
        if (waitForReply || output != null) {
            throw new CliException(ExitCodes.USAGE, "--wait and -o go with --service");
        }
        ChannelFile ch = ChannelFile.read(root.env.resolve(target.channel));
        if (!ch.canWrite()) {
            throw new CliException(ExitCodes.USAGE, target.channel + " is a read-only channel file; sending needs the"
                    + " file with the write capability");
        }
        Path db = storeOption.resolve(root.env);
        Path spooled = null;
        Transfers.Source src;
        if (input == null || input.equals("-")) {
            byte[] data = readInput(STDIN_LIMIT);
            String n = name != null ? name : "stdin";
            src = Transfers.Source.ofBytes(data, n);
            if (noCopy) {
                // a box-by-box transfer must be able to reread its source after a crash: keep stdin next to the store
                spooled = db.toAbsolutePath().getParent().resolve("spool")
                        .resolve(HexFormat.of().formatHex(src.sha256()));
                if (!Files.exists(spooled)) {
                    OwnerOnlyFiles.writeSecret(spooled, data, true);
                }
                src = Transfers.Source.ofFile(spooled, n);
            }
        } else {
            Path p = root.env.resolve(Path.of(input));
            src = Transfers.Source.ofFile(p, name != null ? name : p.getFileName().toString());
        }
        try {
            FileNames.sanitize(src.name());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "bad file name for the receiver: " + e.getMessage() + " (use --name)");
        }
        if (connections < 1 || connections > 8) {
            throw new CliException(ExitCodes.USAGE, "--connections must be 1 to 8");
        }
        if (chunkBoxes < 2 || chunkBoxes > 1000) {
            throw new CliException(ExitCodes.USAGE, "--chunk-boxes must be 2 to 1000");
        }
        java.util.List<ThinClient> extra = new java.util.ArrayList<>();
        try (ThinClient client = root.connect(); ChannelStore store = ChannelStore.open(db)) {
            Duration mixnet = root.mixnetTimeout();
            PersistentChannels channels = new PersistentChannels(store, client.pigeonhole().withTimeout(mixnet))
                    .copyChunkBoxes(chunkBoxes);
            if (connections > 1) {
                // the writes go over their own connections; the first one encodes the next chunk of a copy, and
                // takes the next box index of either kind, without waiting behind encryptions of its own
                java.util.List<PigeonholeClient> writers = new java.util.ArrayList<>();
                for (int i = 1; i < connections; i++) {
                    ThinClient c = root.connect();
                    extra.add(c);
                    writers.add(c.pigeonhole().withTimeout(mixnet));
                }
                channels.copyWriters(writers, PersistentChannels.DEFAULT_WRITES_IN_FLIGHT);
            }
            String chName = ch.storeName();
            ch.addWriteChannelTo(store);
            if (abandon) {
                var open = channels.unfinishedTransfer(chName);
                if (open.isPresent()) {
                    channels.abandon(open.get());
                    root.err().println("abandoned the unfinished transfer of " + FileNames.printable(open.get().label()));
                }
            }
            ProgressBar bar = new ProgressBar(root.err(), root.env.interactive(), "sending", "boxes");
            long t0 = System.nanoTime();
            Transfers.Sent sent = Transfers.send(channels, chName, src, noCopy, bar, root.err());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", sent.name());
                m.put("bytes", sent.size());
                m.put("mode", sent.mode());
                m.put("resumed", sent.resumed());
                m.put("time_ms", ms);
                root.out().println(Json.write(m));
            } else {
                root.err().printf("sent %s (%d bytes, %s) in %.1f s%n", FileNames.printable(sent.name()), sent.size(),
                        sent.mode().equals("copy") ? "copy stream: all or nothing" : "box by box", ms / 1000.0);
            }
            if (spooled != null) {
                Files.deleteIfExists(spooled);
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ThinClient c : extra) {
                c.close();
            }
        }
    }

    static boolean isOpen(Transfer t) {
        return t.state() == Transfer.State.SENDING || t.state() == Transfer.State.COPYING;
    }
}
