package org.katzenpost.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.PkiDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = {
    "Show whether kpclientd is reachable and connected to the mixnet, the PKI epoch, and how many nodes and "
            + "services the current document lists.",
    "Exit code 0 when the daemon is up and online, 5 when it is offline, 3 when unreachable."})
final class StatusCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--stats", description = "also probe the daemon with two local calls (get_directory_authorities, "
            + "get_pki_document) and print this connection's statistics: calls per kind, failures, latencies, "
            + "reconnects, malformed frames, dropped events")
    boolean stats;

    @Override
    public Integer call() {
        ConfigLocator.Located located = root.requireConfig();
        try (ThinClient client = Katzen.connect(root.clientConfig(located), located.describe())) {
            Map<String, Object> s = describe(client, located.describe());
            org.katzenpost.thin.stats.ClientStatistics snapshot = null;
            if (stats) {
                StatsTable.probe(client, root.requestTimeout());
                snapshot = client.statistics();
                s.put("statistics", StatsTable.toMap(snapshot));
            }
            if (json) {
                root.out().println(Json.write(s));
            } else {
                print(s);
                if (snapshot != null) {
                    StatsTable.print(root.out(), snapshot);
                }
            }
            return client.isMixnetConnected() ? ExitCodes.OK : ExitCodes.OFFLINE;
        }
    }

    static Map<String, Object> describe(ThinClient client, String configDescription) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("config", configDescription);
        s.put("daemon", client.config().dial().toString());
        s.put("daemon_connected", client.isDaemonConnected());
        s.put("mixnet_connected", client.isMixnetConnected());
        s.put("session_resumed", client.isSessionResumed());
        PkiDocument d = client.pkiDocument();
        if (d != null) {
            s.put("epoch", d.epoch());
            s.put("nodes", d.allNodes().size());
            s.put("gateways", d.gateways().size());
            s.put("mix_layers", d.topology().size());
            int mixes = 0;
            for (java.util.List<?> layer : d.topology()) { // a loop, not a stream: docs/performance.md, "CLI start-up"
                mixes += layer.size();
            }
            s.put("mixes", mixes);
            s.put("service_nodes", d.serviceNodes().size());
            s.put("storage_replicas", d.storageReplicas().size());
            int services = 0;
            for (String cap : d.capabilities()) {
                services += d.services(cap).size();
            }
            s.put("services", services);
            s.put("capabilities", new java.util.ArrayList<>(d.capabilities()));
        } else {
            s.put("epoch", null);
        }
        SphinxGeometry g = client.sphinxGeometry();
        if (g != null) {
            s.put("max_message_bytes", g.userForwardPayloadLength());
        }
        PigeonholeGeometry p = client.pigeonholeGeometry();
        if (p != null) {
            s.put("max_box_bytes", p.maxPlaintextPayloadLength());
        }
        return s;
    }

    private void print(Map<String, Object> s) {
        var o = root.out();
        o.printf("kpclientd:  %s, connected (config %s)%n", s.get("daemon"), s.get("config"));
        o.printf("mixnet:     %s%n", Boolean.TRUE.equals(s.get("mixnet_connected")) ? "connected"
                : "OFFLINE (the daemon has no link to the mixnet)");
        if (s.get("epoch") == null) {
            o.println("PKI:        no document yet (the daemon has not fetched one)");
        } else {
            o.printf("epoch:      %s%n", s.get("epoch"));
            o.printf("nodes:      %s (%s gateways, %s mixes in %s layers, %s service nodes), %s storage replicas%n",
                    s.get("nodes"), s.get("gateways"), s.get("mixes"), s.get("mix_layers"), s.get("service_nodes"),
                    s.get("storage_replicas"));
            o.printf("services:   %s (%s)%n", s.get("services"),
                    String.join(", ", castList(s.get("capabilities"))));
        }
        if (s.containsKey("max_message_bytes")) {
            o.printf("limits:     %s bytes per message, %s bytes per Pigeonhole box%n", s.get("max_message_bytes"),
                    s.getOrDefault("max_box_bytes", "?"));
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<String> castList(Object o) {
        return (java.util.List<String>) o;
    }
}
