package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.pki.DirectoryAuthority;

/**
 * Losing the connection to the real kpclientd without {@code thin_close}: a proxy in the test ({@link CutProxy})
 * resets the TCP connection, or cuts it in the middle of a daemon frame. The client must reconnect by itself and
 * the daemon must resume the same session (within its grace period, 30 s on the testnet).
 */
@RequiresTestnet
class SessionResumeIT {
    private CutProxy proxy;
    private ThinClient client;

    @BeforeEach
    void connectThroughProxy() throws Exception {
        Dial.Tcp direct = (Dial.Tcp) ThinClientConfig.load(Testnet.configPath()).dial();
        proxy = new CutProxy(direct.host(), direct.port());
        client = ThinClient.connect(Testnet.config().dial(Dial.tcp(proxy.address())).build());
        client.sync().awaitPkiDocument(Duration.ofMinutes(3));
        assertThat(client.isSessionResumed()).as("first connection: a new session").isFalse();
    }

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.release();
        }
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private Destination echo() {
        return client.getService("echo").toDestination();
    }

    private static <E> E next(EventSubscription<? extends E> sub, Duration timeout, String what) throws InterruptedException {
        Optional<? extends E> e = sub.poll(timeout);
        assertThat(e).as(what + " within " + timeout).isPresent();
        return e.get();
    }

    @Test
    void resetConnectionIsResumedByTheSameDaemonSession() throws Exception {
        try (EventSubscription<DaemonDisconnectedEvent> lost = client.subscribe(DaemonDisconnectedEvent.class);
                EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            long t0 = System.nanoTime();
            proxy.cutAll();
            DaemonDisconnectedEvent d = next(lost, Duration.ofSeconds(30), "DaemonDisconnectedEvent");
            long t1 = System.nanoTime();
            assertThat(d.graceful()).isFalse();
            ReconnectedEvent r = next(back, Duration.ofSeconds(60), "ReconnectedEvent");
            long t2 = System.nanoTime();
            Figures.printMs("session.reset.detect", t0, t1);
            Figures.printMs("session.reset.reconnect", t0, t2);
            assertThat(r.resumed()).as("the daemon kept our session").isTrue();
            assertThat(r.daemonRestarted()).isFalse();
            assertThat(client.isSessionResumed()).isTrue();
            assertThat(client.isDaemonConnected()).isTrue();
            assertThat(proxy.acceptedCount()).isEqualTo(2);
        }
        List<DirectoryAuthority> auths = client.sync().fetchDirectoryAuthorities(Duration.ofSeconds(30));
        assertThat(auths).hasSize(3);
        long t3 = System.nanoTime();
        byte[] reply = client.sync().sendMessage(client.newSurbId(), "after the reset".getBytes(java.nio.charset.StandardCharsets.UTF_8), echo(), Duration.ofMinutes(2));
        Figures.printMs("session.reset.echo_after", t3, System.nanoTime());
        assertThat(new String(Arrays.copyOf(reply, 15), StandardCharsets.UTF_8)).isEqualTo("after the reset");
    }

    @Test
    void echoReplyArrivingWhileDisconnectedIsDeliveredOnResume() throws Exception {
        SurbId surb = client.newSurbId();
        CompletableFuture<MessageSentEvent> sentHere = new CompletableFuture<>();
        // Cut as soon as the daemon reports the packet sent: its reply is then still on its way back.
        client.addListener(MessageSentEvent.class, e -> {
            if (surb.equals(e.surbId())) {
                proxy.hold();
                proxy.cutAll();
                sentHere.complete(e);
            }
        });
        try (EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            byte[] payload = "buffered while away".getBytes(StandardCharsets.UTF_8);
            CompletableFuture<MessageReplyEvent> f = client.sendMessage(surb, payload, echo(), Duration.ofMinutes(2));
            MessageSentEvent sent = sentHere.get(60, TimeUnit.SECONDS);
            boolean pendingAtCut = !f.isDone();
            // Stay away until the reply has surely reached the daemon (its ETA, plus margin).
            long away = Math.max(8_000, sent.replyEta().toMillis() + 6_000);
            Thread.sleep(away);
            assertThat(f).as("no reply can arrive while disconnected").isNotDone();
            long t0 = System.nanoTime();
            proxy.release();
            MessageReplyEvent reply = f.get(60, TimeUnit.SECONDS);
            Figures.printMs("session.buffered_reply_after_release", t0, System.nanoTime());
            Figures.print("session.buffered_reply_away_ms", away);
            assertThat(pendingAtCut).as("the reply was still outstanding when the connection was cut").isTrue();
            assertThat(Arrays.copyOf(reply.payload(), payload.length)).isEqualTo(payload);
            ReconnectedEvent r = next(back, Duration.ofSeconds(30), "ReconnectedEvent");
            assertThat(r.resumed()).isTrue();
            assertThat(r.daemonRestarted()).isFalse();
        }
    }

    /**
     * kpclientd loses a {@code start_resending_*} request that is still queued when the connection drops, and a
     * result that arrives while no client is attached, even when it resumes the session. The client re-sends
     * idempotent resends after every reconnect, so the call completes instead of waiting for its deadline.
     */
    @Test
    void pigeonholeWriteInFlightWhenTheConnectionDropsCompletesAfterResume() throws Exception {
        PigeonholeClient ph = client.pigeonhole().withTimeout(Duration.ofMinutes(2));
        Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
        EncryptedMessage m = ph.sync().encryptWrite("written while away".getBytes(StandardCharsets.UTF_8),
                k.writeCap(), k.firstIndex());
        try (EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            long t0 = System.nanoTime();
            int framesBefore = proxy.clientFramesForwarded();
            CompletableFuture<ResendResult> f = ph.withTimeout(Duration.ofSeconds(60)).startResendingEncryptedMessage(m);
            // cut once the request frame is written to kpclientd's socket (not before: then the client would still
            // hold it); kpclientd then has it, or is about to read it, and loses it with the connection
            Awaitility.await("the request forwarded to the daemon").atMost(Duration.ofSeconds(30))
                    .until(() -> proxy.clientFramesForwarded() > framesBefore);
            proxy.hold();
            proxy.cutAll();
            boolean pendingAtCut = !f.isDone();
            Thread.sleep(12_000); // the time spent disconnected is the scenario
            proxy.release();
            ReconnectedEvent r = next(back, Duration.ofSeconds(30), "ReconnectedEvent");
            assertThat(r.resumed()).isTrue();
            Throwable t = null;
            try {
                f.get(90, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                t = e.getCause();
            }
            Figures.printMs("session.ph_write_across_resume", t0, System.nanoTime());
            Figures.print("session.ph_write_across_resume.outcome", t == null ? "completed" : t.getClass().getSimpleName());
            assertThat(pendingAtCut).as("the write was still in flight when the connection was cut").isTrue();
            assertThat(t).as("the write in flight at the cut completes after the resume").isNull();
        }
    }

    @Test
    void connectionCutInTheMiddleOfADaemonFrameRecovers() throws Exception {
        try (EventSubscription<DaemonDisconnectedEvent> lost = client.subscribe(DaemonDisconnectedEvent.class);
                EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            CompletableFuture<Integer> cut = proxy.armMidFrameCut();
            long t0 = System.nanoTime();
            // Its reply is the next daemon frame; it arrives half, then the connection ends.
            CompletableFuture<List<DirectoryAuthority>> call = client.fetchDirectoryAuthorities(Duration.ofSeconds(60));
            int frameLength = cut.get(30, TimeUnit.SECONDS);
            Figures.print("session.mid_frame_cut.frame_bytes", frameLength);
            DaemonDisconnectedEvent d = next(lost, Duration.ofSeconds(30), "DaemonDisconnectedEvent");
            assertThat(d.graceful()).isFalse();
            assertThat(d.reason()).contains("inside");
            ReconnectedEvent r = next(back, Duration.ofSeconds(60), "ReconnectedEvent");
            Figures.printMs("session.mid_frame_cut.reconnect", t0, System.nanoTime());
            assertThat(r.resumed()).isTrue();
            assertThat(r.daemonRestarted()).isFalse();
            assertThat(r.reissued()).as("the call whose reply was cut is sent again").isGreaterThanOrEqualTo(1);
            // The interrupted call itself completes (re-sent after the reconnect), and nothing was half-parsed.
            assertThat(Futures.await(call)).hasSize(3);
            Figures.printMs("session.mid_frame_cut.interrupted_call", t0, System.nanoTime());
            assertThat(client.statistics().malformedFrames()).isZero();
        }
        byte[] reply = client.sync().sendMessage(client.newSurbId(), "after the cut".getBytes(java.nio.charset.StandardCharsets.UTF_8), echo(), Duration.ofMinutes(2));
        assertThat(new String(Arrays.copyOf(reply, 13), StandardCharsets.UTF_8)).isEqualTo("after the cut");
    }
}
