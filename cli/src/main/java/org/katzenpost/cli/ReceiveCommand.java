package org.katzenpost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.katzenpost.store.ChannelStore;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "receive", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = {
    "Receive the next file sent on a Pigeonhole channel (by `katzen send --channel` or pigeonhole-cp).",
    "",
    "  katzen receive --channel bob.channel -o downloads/",
    "",
    "The file is saved under the sender's name (checked: no path separators, no '..', no control "
            + "characters) in the current folder or the folder given with -o, or at -o FILE, or written to "
            + "stdout with -o -. It appears complete or not at all. An interrupted receive resumes when run "
            + "again: boxes already received are kept in the store."})
final class ReceiveCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Option(names = "--channel", paramLabel = "FILE", required = true,
            description = "channel file (read-only or full) from `katzen genkey`")
    Path channel;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR|FILE|-",
            description = "folder to save into (default: current), a file name, or '-' for stdout")
    String output;

    @Option(names = {"-f", "--force"}, description = "replace an existing file of the same name")
    boolean force;

    @Option(names = "--json", description = "print a JSON summary")
    boolean json;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "2",
            description = "daemon connections to read over (boxes the file surely needs are read in parallel,"
                    + " several in flight on each). Default: ${DEFAULT-VALUE}")
    int connections;

    @Mixin
    StoreOption storeOption = new StoreOption();

    @Override
    public Integer call() {
        ChannelFile ch = ChannelFile.read(root.env.resolve(channel));
        Path db = storeOption.resolve(root.env);
        if (connections < 1 || connections > 8) {
            throw new CliException(ExitCodes.USAGE, "--connections must be 1 to 8");
        }
        java.util.List<ThinClient> extra = new java.util.ArrayList<>();
        try (ThinClient client = root.connect(); ChannelStore store = ChannelStore.open(db)) {
            Duration mixnet = root.mixnetTimeout();
            PersistentChannels channels = new PersistentChannels(store, client.pigeonhole().withTimeout(mixnet));
            if (connections > 1) {
                java.util.List<PigeonholeClient> readers = new java.util.ArrayList<>();
                readers.add(channels.pigeonhole());
                for (int i = 1; i < connections; i++) {
                    ThinClient c = root.connect();
                    extra.add(c);
                    readers.add(c.pigeonhole().withTimeout(mixnet));
                }
                channels.copyWriters(readers, PersistentChannels.DEFAULT_WRITES_IN_FLIGHT);
            }
            String chName = ch.storeName();
            ch.addReadChannelTo(store);
            ProgressBar bar = new ProgressBar(root.err(), root.env.interactive(), "receiving", "bytes");
            if (root.env.interactive()) {
                root.err().println("waiting for the sender (Ctrl-C to stop; run again to resume)...");
            }
            Transfers.Received r = Transfers.receive(channels, chName, bar, root.err());
            String where;
            boolean fresh = true;
            if ("-".equals(output)) {
                root.rawOut().write(r.content());
                root.rawOut().flush();
                where = "stdout";
            } else {
                Path dest = destination(r.header());
                fresh = Transfers.deliver(dest, r.content(), force);
                where = dest.toString();
            }
            store.markConsumed(r.messageIds());
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.header().name());
                m.put("bytes", r.header().size());
                m.put("boxes", r.boxes());
                m.put("path", where);
                m.put("already_there", !fresh);
                root.out().println(Json.write(m));
            } else {
                root.err().printf("received %s (%d bytes in %d boxes) -> %s%s%n",
                        FileNames.printable(r.header().name()), r.header().size(), r.boxes(), where,
                        fresh ? "" : " (already there from an interrupted run)");
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

    private Path destination(FileHeader h) {
        Path base = output == null ? root.env.cwd() : root.env.resolve(Path.of(output));
        if (output != null && !Files.isDirectory(base)) {
            return base; // an explicit file name chosen by the user
        }
        String safe;
        try {
            safe = FileNames.sanitize(h.name());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILURE, e.getMessage() + " (\"" + FileNames.printable(h.name())
                    + "\"); refusing it. Pass -o FILE to choose the name yourself.");
        }
        Path dest = base.resolve(safe).normalize();
        if (!dest.getParent().equals(base.normalize())) {
            throw new CliException(ExitCodes.FAILURE, "the sender's file name would leave " + base + "; refusing it");
        }
        return dest;
    }
}
