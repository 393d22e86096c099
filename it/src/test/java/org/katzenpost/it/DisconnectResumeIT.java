package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.SessionToken;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;

/**
 * {@link ThinClient#disconnect()} against the real kpclientd: the first client sends an echo and leaves without
 * {@code thin_close}; the daemon keeps the session and the reply that arrives meanwhile (its
 * {@code SessionGracePeriod}); a second {@link ThinClient} presenting the first one's {@link SessionToken}
 * resumes the session and receives that reply.
 */
@RequiresTestnet
class DisconnectResumeIT {

    /** Needs no mixnet round trip: the daemon's session table alone. */
    @Test
    void aNewClientResumesTheSessionLeftWithDisconnectButNotOneEndedWithClose() throws Exception {
        ThinClient first = ThinClient.connect(Testnet.config().build());
        SessionToken token = first.sessionToken();
        assertThat(first.isSessionResumed()).isFalse();
        first.disconnect();
        try (ThinClient second = ThinClient.connect(Testnet.config().resumeSession(token).build())) {
            assertThat(second.isSessionResumed()).as("kpclientd kept the session for the token").isTrue();
            assertThat(second.sync().fetchDirectoryAuthorities(Duration.ofSeconds(60))).isNotEmpty();
        } // close(): thin_close ends the session
        try (ThinClient third = ThinClient.connect(Testnet.config().resumeSession(token).build())) {
            assertThat(third.isSessionResumed()).as("thin_close ended the session: the token starts a new one")
                    .isFalse();
        }
    }

    @Test
    void aReplyThatArrivesWhileDisconnectedIsDeliveredToTheNextClient() throws Exception {
        ThinClient first = ThinClient.connect(Testnet.config().build());
        SessionToken token;
        SurbId surb;
        MessageSentEvent sent;
        byte[] payload = "kept by kpclientd".getBytes(StandardCharsets.UTF_8);
        try {
            first.sync().awaitPkiDocument(Duration.ofMinutes(3));
            token = first.sessionToken();
            surb = first.newSurbId();
            Destination echo = first.getService("echo").toDestination();
            CompletableFuture<MessageSentEvent> sentHere = new CompletableFuture<>();
            first.addListener(MessageSentEvent.class, e -> {
                if (surb.equals(e.surbId())) {
                    sentHere.complete(e);
                }
            });
            CompletableFuture<MessageReplyEvent> f = first.sendMessage(surb, payload, echo, Duration.ofMinutes(2));
            // leave as soon as the daemon reports the packet sent: its reply is then still on its way back
            sent = sentHere.get(90, TimeUnit.SECONDS);
            first.disconnect();
            assertThat(f).as("the reply cannot have come back yet").isCompletedExceptionally();
            assertThatThrownBy(f::join).hasCauseInstanceOf(ClientClosedException.class);
        } finally {
            first.close(); // a no-op after disconnect(): must not end the session
        }
        // The subject of the test: stay away until the reply has surely reached the daemon (its ETA plus margin).
        long away = Math.max(8_000, sent.replyEta().toMillis() + 6_000);
        TimeUnit.MILLISECONDS.sleep(away);

        CompletableFuture<MessageReplyEvent> reply = new CompletableFuture<>();
        long t0 = System.nanoTime();
        try (ThinClient second = ThinClient.create(Testnet.config().resumeSession(token)
                .onMessageReply(e -> {
                    if (surb.equals(e.surbId())) {
                        reply.complete(e);
                    }
                }).build())) {
            second.start();
            assertThat(second.isSessionResumed()).as("the daemon kept the session for the token").isTrue();
            // normally delivered in the resume handshake; on a loaded testnet the reply may still be on its way
            MessageReplyEvent r = reply.get(90, TimeUnit.SECONDS);
            Figures.printMs("disconnect_resume.reply_after_resume", t0, System.nanoTime());
            Figures.print("disconnect_resume.away_ms", away);
            assertThat(Arrays.copyOf(r.payload(), payload.length)).isEqualTo(payload);
            // the resumed session carries on as usual
            second.sync().awaitPkiDocument(Duration.ofMinutes(1));
            byte[] again = second.sync().sendMessage(second.newSurbId(), "after the resume".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    second.getService("echo").toDestination(), Duration.ofMinutes(2));
            assertThat(new String(Arrays.copyOf(again, 16), StandardCharsets.UTF_8)).isEqualTo("after the resume");
        }
    }
}
