package org.katzenpost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.katzenpost.store.OwnerOnlyFiles;
import org.katzenpost.store.PigeonholeBackend;
import org.katzenpost.store.PersistentChannels;
import org.katzenpost.store.ThinClientBackend;
import org.katzenpost.thin.ThinClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "genkey", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = {
    "Create a new Pigeonhole channel and write its keys to FILE (mode 0600).",
    "FILE holds the write and read capabilities: keep it private. Give the receiver the read-only copy "
            + "(--read-only). '-' prints FILE to stdout instead (only when you ask for it)."})
final class GenkeyCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Parameters(index = "0", paramLabel = "FILE", description = "channel file to create ('-' = stdout)")
    String file;

    @Option(names = "--read-only", paramLabel = "FILE", description = "also write a read-only copy for the receiver")
    Path readOnly;

    @Option(names = {"-f", "--force"}, description = "replace existing files")
    boolean force;

    @Override
    public Integer call() {
        try (ThinClient client = root.connect()) {
            PigeonholeBackend backend = new ThinClientBackend(client, root.requestTimeout());
            ChannelFile ch = generate(backend);
            write(ch);
            return ExitCodes.OK;
        }
    }

    static ChannelFile generate(PigeonholeBackend backend) {
        PigeonholeBackend.Keypair kp = new PersistentChannels.KeypairFactory(backend).newKeypair();
        return new ChannelFile(kp.writeCap(), kp.readCap(), kp.firstIndex());
    }

    void write(ChannelFile ch) {
        try {
            if (file.equals("-")) {
                root.out().print(ch.render());
                root.out().flush();
            } else {
                Path p = root.env.resolve(Path.of(file));
                OwnerOnlyFiles.writeSecret(p, ch.render().getBytes(StandardCharsets.UTF_8), force);
                root.err().printf("wrote %s (write + read capability; mode 0600, keep it private)%n", p);
            }
            if (readOnly != null) {
                Path r = root.env.resolve(readOnly);
                OwnerOnlyFiles.writeSecret(r, ch.readOnly().render().getBytes(StandardCharsets.UTF_8), force);
                root.err().printf("wrote %s (read capability only; give it to the receiver)%n", r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
