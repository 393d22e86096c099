package org.katzenpost.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pki.ServiceDescriptor;

/**
 * Sends a few messages to the mixnet's echo service and prints each round-trip time.
 *
 * <pre>
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.EchoPing
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.EchoPing \
 *     -Dexec.args="--config /tmp/kpnet/client/thinclient.toml"
 * </pre>
 */
public final class EchoPing {
    private EchoPing() {}

    public static void main(String[] args) {
        try (Mixnet net = Mixnet.connect(args)) {
            ThinClient client = net.client();
            ServiceDescriptor echo = client.getService("echo");
            Destination dest = echo.toDestination();
            System.out.println("echo service on " + echo.node().name());
            for (int i = 1; i <= 3; i++) {
                byte[] ping = ("ping " + i).getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                byte[] reply = client.sync().sendMessage(client.newSurbId(), ping, dest, Duration.ofSeconds(60));
                double ms = (System.nanoTime() - t0) / 1e6;
                String text = new String(reply, 0, ping.length, StandardCharsets.UTF_8);
                System.out.printf("reply %d: \"%s\" in %.1f ms%n", i, text, ms);
            }
        }
    }
}
