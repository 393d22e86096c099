package org.katzenpost.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.PkiDocument;
import org.katzenpost.thin.pki.ServiceDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "services", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = "List the services in the current PKI document, or those of one capability.")
final class ServicesCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Parameters(arity = "0..1", paramLabel = "CAPABILITY", description = "only this capability, e.g. echo or courier")
    String capability;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (ThinClient client = root.connect()) {
            PkiDocument doc = client.sync().awaitPkiDocument(root.requestTimeout());
            List<String> caps = capability == null ? new ArrayList<>(doc.capabilities()) : List.of(capability);
            List<ServiceDescriptor> all = new ArrayList<>();
            for (String c : caps) {
                all.addAll(doc.services(c));
            }
            if (json) {
                List<Object> out = new ArrayList<>();
                for (ServiceDescriptor s : all) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("capability", s.capability());
                    m.put("endpoint", s.endpoint());
                    m.put("node", s.node().name());
                    out.add(m);
                }
                root.out().println(Json.write(out));
            } else if (all.isEmpty()) {
                root.out().println(capability == null ? "no services in the PKI document of epoch " + doc.epoch()
                        : "no \"" + capability + "\" service in the PKI document of epoch " + doc.epoch());
            } else {
                int w = all.stream().mapToInt(s -> s.capability().length()).max().orElse(10);
                int we = all.stream().mapToInt(s -> s.endpoint().length()).max().orElse(8);
                w = Math.max(w, "CAPABILITY".length());
                we = Math.max(we, "ENDPOINT".length());
                root.out().printf("%-" + w + "s  %-" + we + "s  %s%n", "CAPABILITY", "ENDPOINT", "NODE");
                for (ServiceDescriptor s : all) {
                    root.out().printf("%-" + w + "s  %-" + we + "s  %s%n", s.capability(), s.endpoint(), s.node().name());
                }
            }
            return all.isEmpty() && capability != null ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
