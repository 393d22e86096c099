package org.katzenpost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.PkiDocuments;
import org.katzenpost.thin.pki.SignedPkiDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "pki", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = "Print the PKI document (the network consensus) the daemon holds.")
final class PkiCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Option(names = "--epoch", paramLabel = "N", description = "that epoch's document (default: the current one)")
    long epoch;

    @Option(names = "--json", description = "print the document as JSON")
    boolean json;

    @Option(names = "--raw", description = "write the signed document exactly as the daemon holds it (CBOR bytes)")
    boolean raw;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "with --raw: write to FILE ('-' = stdout)")
    String output;

    @Override
    public Integer call() {
        if (epoch < 0) {
            throw new CliException(ExitCodes.USAGE, "--epoch must not be negative");
        }
        if (json && raw) {
            throw new CliException(ExitCodes.USAGE, "--json and --raw exclude each other");
        }
        if (output != null && !raw) {
            throw new CliException(ExitCodes.USAGE, "-o works with --raw only");
        }
        try (ThinClient client = root.connect()) {
            if (raw) {
                SignedPkiDocument signed = client.sync().fetchSignedPkiDocument(epoch, root.requestTimeout());
                writeRaw(signed.rawBytes());
                return ExitCodes.OK;
            }
            PkiDocument doc = epoch == 0
                    ? client.sync().awaitPkiDocument(root.requestTimeout())
                    : client.sync().fetchPkiDocument(epoch, root.requestTimeout());
            root.out().println(json ? PkiDocuments.toJson(doc, true) : client.prettyPrintPkiDoc(doc));
            return ExitCodes.OK;
        }
    }

    private void writeRaw(byte[] bytes) {
        try {
            if (output == null || output.equals("-")) {
                if (output == null && root.env.interactive()) {
                    throw new CliException(ExitCodes.USAGE, "refusing to write " + bytes.length
                            + " bytes of CBOR to the terminal; pass -o FILE, or -o - to force it");
                }
                root.rawOut().write(bytes);
                root.rawOut().flush();
            } else {
                Path p = root.env.resolve(Path.of(output));
                Files.write(p, bytes);
                root.err().printf("wrote %d bytes (signed PKI document) to %s%n", bytes.length, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
