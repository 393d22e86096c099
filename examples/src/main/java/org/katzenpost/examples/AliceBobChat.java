package org.katzenpost.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.ChannelReader;
import org.katzenpost.thin.pigeonhole.ChannelState;
import org.katzenpost.thin.pigeonhole.ChannelWriter;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * Alice and Bob chat over two Pigeonhole channels with the channel API: each writes to a channel of their own
 * and reads the other's with its read-only state (what they would exchange out of band).
 *
 * <pre>
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=org.katzenpost.examples.AliceBobChat
 * </pre>
 */
public final class AliceBobChat {
    private AliceBobChat() {}

    public static void main(String[] args) {
        try (Mixnet net = Mixnet.connect(args)) {
            ThinClient client = net.client();
            PigeonholeClient ph = client.pigeonhole();

            ChannelState aliceOut = ph.sync().createChannel();
            ChannelState bobOut = ph.sync().createChannel();
            // out of band, each hands the other the read-only half (a Base64 string; keep it private)
            ChannelState aliceReadsBob = ChannelState.fromBase64(bobOut.forReaderOnly().toBase64());
            ChannelState bobReadsAlice = ChannelState.fromBase64(aliceOut.forReaderOnly().toBase64());

            ChannelWriter alice = ph.channelWriter(aliceOut);
            ChannelWriter bob = ph.channelWriter(bobOut);
            ChannelReader aliceInbox = ph.channelReader(aliceReadsBob);
            ChannelReader bobInbox = ph.channelReader(bobReadsAlice);

            String[][] script = {
                {"Alice", "Hi Bob! Did the package arrive?"},
                {"Bob", "Hi Alice, yes, this morning. Thanks!"},
                {"Alice", "Great. Talk soon."},
            };
            Duration wait = Duration.ofMinutes(2);
            for (String[] line : script) {
                boolean fromAlice = line[0].equals("Alice");
                (fromAlice ? alice : bob).send(line[1].getBytes(StandardCharsets.UTF_8));
                byte[] got = (fromAlice ? bobInbox : aliceInbox).receive(wait);
                System.out.printf("%-5s -> %-5s: %s%n", line[0], fromAlice ? "Bob" : "Alice",
                        new String(got, StandardCharsets.UTF_8));
            }
        }
    }
}
