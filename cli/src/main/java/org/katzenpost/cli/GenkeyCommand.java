package org.katzenpost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.katzenpost.store.OwnerOnlyFiles;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
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
            ChannelFile ch = generate(client.pigeonhole());
            write(ch);
            return ExitCodes.OK;
        }
    }

    /** A fresh channel from a random seed (wiped after use), made by the daemon within its request timeout. */
    static ChannelFile generate(PigeonholeClient pigeonhole) {
        byte[] seed = PigeonholeClient.randomSeed();
        try {
            Keypair kp = pigeonhole.sync().newKeypair(seed);
            return new ChannelFile(kp.writeCap().toBytes(), kp.readCap().toBytes(), kp.firstIndex().toBytes());
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
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
