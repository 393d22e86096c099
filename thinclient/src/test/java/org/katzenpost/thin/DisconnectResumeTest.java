package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.stats.RequestKind;

/**
 * {@link ThinClient#disconnect()} leaves the daemon's session alive, and a new client resumes it with
 * {@link ThinClient#sessionToken()} and {@link ThinClientConfig.Builder#resumeSession(SessionToken)} (issue 11,
 * item 6): a reply that arrives while no client is attached is delivered to the new one.
 */
class DisconnectResumeTest {
    private KpclientdSimulator sim;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().tcp().gracePeriod(Duration.ofSeconds(30)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReplyThatArrivesWhileDisconnectedIsDeliveredToTheClientThatResumes() throws Exception {
        ThinClient first = ThinClient.connect(sim.thinClientConfig());
        SessionToken token = first.sessionToken();
        SurbId surb = first.newSurbId();
        Destination echo = first.getService("echo").toDestination();
        sim.setEchoDelay(Duration.ofSeconds(2)); // after the disconnect, with room for a loaded machine
        CompletableFuture<MessageReplyEvent> lost = first.sendMessage(surb, utf8("kept for me"), echo,
                Duration.ofSeconds(30));
        first.disconnect();
        // the socket is closed once disconnect() returns, so a send_message the simulator reads was written before
        await("disconnect() still wrote the queued send_message").atMost(Duration.ofSeconds(5))
                .until(() -> sim.requests(RequestKind.SEND_MESSAGE).size() == 1);
        assertThat(thinCloses()).as("no thin_close").isEmpty();
        assertThatThrownBy(lost::join).hasCauseInstanceOf(ClientClosedException.class);
        assertThat(first.isDaemonConnected()).isFalse();
        assertThat(sim.sessionCount()).as("the daemon keeps the session").isEqualTo(1);
        // the echo reply reaches the "daemon" while no client is attached: it is kept for the session
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.bufferedReplyCount() == 1);

        List<MessageReplyEvent> replies = new CopyOnWriteArrayList<>();
        try (ThinClient second = ThinClient.create(sim.thinClientConfigBuilder().resumeSession(token)
                .onMessageReply(replies::add).build())) {
            second.start();
            assertThat(second.isSessionResumed()).isTrue();
            assertThat(second.sessionToken()).isEqualTo(token);
            await().atMost(Duration.ofSeconds(5)).until(() -> !replies.isEmpty());
            MessageReplyEvent r = replies.get(0);
            assertThat(r.surbId()).isEqualTo(surb);
            assertThat(Arrays.copyOf(r.payload(), 11)).isEqualTo(utf8("kept for me"));
            // and the resumed session works as usual
            byte[] again = second.sync().sendMessage(second.newSurbId(), "again".getBytes(StandardCharsets.UTF_8), echo, Duration.ofSeconds(10));
            assertThat(new String(Arrays.copyOf(again, 5), StandardCharsets.UTF_8)).isEqualTo("again");
        }
    }

    @Test
    void afterCloseTheSessionIsGoneAndTheTokenStartsANewOne() {
        ThinClient first = ThinClient.connect(sim.thinClientConfig());
        SessionToken token = first.sessionToken();
        first.close();
        // close() returns once thin_close is written; the simulator records it when its reader gets to it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(thinCloses()).hasSize(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.sessionCount() == 0);
        try (ThinClient second = ThinClient.connect(sim.thinClientConfigBuilder().resumeSession(token).build())) {
            assertThat(second.isSessionResumed()).isFalse();
        }
    }

    @Test
    void theTokenIsASecretValue() {
        try (ThinClient c = ThinClient.connect(sim.thinClientConfig())) {
            SessionToken t = c.sessionToken();
            assertThat(t.toBytes()).hasSize(16);
            assertThat(SessionToken.of(t.toBytes())).isEqualTo(t);
            assertThat(t.toString()).doesNotContain(java.util.HexFormat.of().formatHex(t.toBytes()));
            assertThat(c.config().toString()).doesNotContain(java.util.HexFormat.of().formatHex(t.toBytes()));
            assertThatThrownBy(() -> SessionToken.of(new byte[15])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private List<RecordedRequest> thinCloses() {
        return sim.requests(RequestKind.OTHER).stream().filter(r -> r.wireName().equals("thin_close")).toList();
    }
}
