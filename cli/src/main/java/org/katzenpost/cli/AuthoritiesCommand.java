package org.katzenpost.cli;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.DirectoryAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "authorities", mixinStandardHelpOptions = true, versionProvider = Katzen.Version.class, description = "List the directory authorities kpclientd is configured with.")
final class AuthoritiesCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Katzen root;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--pem", description = "also print each authority's public keys (PEM)")
    boolean pem;

    @Override
    public Integer call() {
        try (ThinClient client = root.connect()) {
            List<DirectoryAuthority> auths = client.sync().fetchDirectoryAuthorities(root.requestTimeout());
            if (json) {
                List<Object> out = new ArrayList<>();
                for (DirectoryAuthority a : auths) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("identifier", a.identifier());
                    m.put("addresses", a.addresses());
                    m.put("pki_signature_scheme", a.pkiSignatureScheme());
                    m.put("wire_kem_scheme", a.wireKemScheme());
                    m.put("identity_key_hash", HexFormat.of().formatHex(a.identityKeyHash()));
                    m.put("identity_public_key_pem", a.identityPublicKeyPem());
                    m.put("link_public_key_pem", a.linkPublicKeyPem());
                    out.add(m);
                }
                root.out().println(Json.write(out));
                return ExitCodes.OK;
            }
            var o = root.out();
            o.printf("%d directory authorit%s%n", auths.size(), auths.size() == 1 ? "y" : "ies");
            for (DirectoryAuthority a : auths) {
                o.printf("%n%s%n", a.identifier());
                o.printf("  addresses:      %s%n", String.join(", ", a.addresses()));
                o.printf("  signature:      %s%n", a.pkiSignatureScheme());
                o.printf("  link KEM:       %s%n", a.wireKemScheme());
                o.printf("  identity hash:  %s%n", a.hasIdentityKey()
                        ? HexFormat.of().formatHex(a.identityKeyHash()) : "(no identity key configured)");
                if (pem) {
                    o.println(indent(a.identityPublicKeyPem()));
                    o.println(indent(a.linkPublicKeyPem()));
                }
            }
            return ExitCodes.OK;
        }
    }

    private static String indent(String pem) {
        return pem.isBlank() ? "  (none)" : "  " + pem.strip().replace("\n", "\n  ");
    }
}
