package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.ReliableSendPolicy;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.internal.cbor.CborReader;

/**
 * Reliable send re-sending after a lost reply, against the real kpclientd v0.0.99: a {@link FrameTapProxy} swallows
 * the daemon's first {@code message_reply_event} (the echo service did answer; the reply is lost on its way to the
 * client), and the client's ARQ (kpclientd v0.0.73+ has none for {@code send_message}; docs/integration.md) must
 * send the message again with a fresh SURB after the daemon's reply ETA plus the policy's slack, and complete with
 * the reply to that second transmission.
 */
@RequiresTestnet
class ReliableSendRetryIT {
    private static final String REPLY_EVENT = "message_reply_event";

    private static FrameTapProxy proxy;
    private static ThinClient client;
    private static final List<MessageSentEvent> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() throws IOException {
        Path cfg = Testnet.proxiedConfigPath();
        proxy = new FrameTapProxy(Testnet.socketAddress(Testnet.config(cfg).build().dial()));
        client = ThinClient.connect(Testnet.config(cfg).dial(Dial.tcp(proxy.address()))
                // retry 10 s after the daemon's reply ETA (about 1 s here): well above an echo's measured round
                // trip of 1.2-3.6 s on this testnet (docs/testnet.md, docs/integration.md), and up to 15 times, so
                // a slow moment of the network does not exhaust the retries before the 3-minute deadline
                .reliableSendPolicy(new ReliableSendPolicy(15, Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .onMessageSent(sent::add).build());
        client.sync().awaitPkiDocument(Duration.ofMinutes(3));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aLostReplyIsRecoveredByASecondTransmission() {
        byte[] payload = "reliable after a lost reply".getBytes(StandardCharsets.UTF_8);
        MessageId id = client.newMessageId();
        proxy.dropNextFromDaemon(f -> REPLY_EVENT.equals(f.variant()));

        long t0 = System.nanoTime();
        MessageReplyEvent reply = Futures.await(client.sendReliableMessage(id, payload,
                client.getService("echo").toDestination(), Duration.ofMinutes(3)));
        Figures.printMs("reliable_send.with_one_lost_reply", t0, System.nanoTime());
        assertThat(Arrays.copyOf(reply.payload(), payload.length)).isEqualTo(payload);

        // The daemon did deliver a first reply; the proxy dropped it.
        List<FrameTapProxy.Frame> dropped = proxy.frames().stream().filter(FrameTapProxy.Frame::dropped).toList();
        assertThat(dropped).hasSize(1);
        Map<?, ?> lost = (Map<?, ?>) ((Map<?, ?>) CborReader.decode(dropped.get(0).body())).get(REPLY_EVENT);
        SurbId lostSurb = SurbId.of((byte[]) lost.get("surbid"));
        // The reply that completed the call answers another transmission, with another SURB.
        assertThat(reply.surbId()).isNotEqualTo(lostSurb);
        List<SurbId> ours = sent.stream().filter(e -> id.equals(e.messageId()))
                .map(MessageSentEvent::surbId).toList();
        assertThat(ours).as("transmissions of this message").hasSizeGreaterThanOrEqualTo(2)
                .contains(lostSurb, reply.surbId());
        Figures.print("reliable_send.transmissions", ours.size());
    }
}
