package org.katzenpost.examples;

import java.time.Duration;
import java.util.List;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.DirectoryAuthority;
import org.katzenpost.thin.pki.PkiDocument;

/**
 * Prints whether the daemon is connected to the mixnet, the epoch, node and service counts, and the directory
 * authorities.
 *
 * <pre>
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.MixnetStatus
 * </pre>
 */
public final class MixnetStatus {
    private MixnetStatus() {}

    public static void main(String[] args) {
        try (Mixnet net = Mixnet.connect(args)) {
            ThinClient client = net.client();
            System.out.println("mixnet:      " + (client.isMixnetConnected() ? "connected" : "OFFLINE"));
            PkiDocument doc = client.sync().awaitPkiDocument(Duration.ofSeconds(60));
            System.out.println("epoch:       " + doc.epoch());
            System.out.println("nodes:       " + doc.allNodes().size() + " (" + doc.gateways().size() + " gateways, "
                    + doc.serviceNodes().size() + " service nodes, " + doc.storageReplicas().size() + " replicas)");
            for (String cap : doc.capabilities()) {
                System.out.println("service:     " + cap + " x" + doc.services(cap).size());
            }
            List<DirectoryAuthority> auths = client.sync().fetchDirectoryAuthorities();
            for (DirectoryAuthority a : auths) {
                System.out.println("authority:   " + a.identifier() + " " + a.addresses());
            }
            System.out.println("limits:      " + client.maxMessagePayloadLength() + " bytes per message, "
                    + client.pigeonholeGeometry().maxPlaintextPayloadLength() + " bytes per Pigeonhole box");
        }
    }
}
