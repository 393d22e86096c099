package org.katzenpost.examples;

import java.time.Duration;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.PkiDocument;

/**
 * Prints the current PKI document (the network's consensus) in readable form; {@code --json} for JSON.
 *
 * <pre>
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.PrintPkiDocument
 * </pre>
 */
public final class PrintPkiDocument {
    private PrintPkiDocument() {}

    public static void main(String[] args) {
        boolean json = java.util.Arrays.asList(args).contains("--json");
        try (Mixnet net = Mixnet.connect(args)) {
            ThinClient client = net.client();
            PkiDocument doc = client.sync().awaitPkiDocument(Duration.ofSeconds(60));
            System.out.println(json ? org.katzenpost.thin.pki.PkiDocuments.toJson(doc, true)
                    : client.prettyPrintPkiDoc(doc));
        }
    }
}
