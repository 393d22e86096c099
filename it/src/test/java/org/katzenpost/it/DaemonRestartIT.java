package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.katzenpost.thin.DaemonConnectionException;
import org.katzenpost.thin.MessageSendFailedException;
import org.katzenpost.thin.OfflineException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.event.ShutdownEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.pki.DirectoryAuthority;

/**
 * kpclientd itself misbehaving while a client is connected: paused with SIGSTOP past a request deadline, killed with
 * SIGKILL and started again, stopped gracefully and started again. The client is never restarted; it must recover by
 * itself. These tests disturb the shared daemon, so the class is marked {@link DisruptsDaemon} and runs after the
 * others; every test leaves kpclientd running and answering echo, and SIGCONT is always sent.
 */
@RequiresTestnet
@DisruptsDaemon
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonRestartIT {
    private static final Duration ECHO_DEADLINE = Duration.ofMinutes(3);

    private ThinClient client;
    private PigeonholeClient ph;

    @BeforeEach
    void connect() {
        client = ThinClient.connect(Testnet.config().build());
        client.sync().awaitPkiDocument(Duration.ofMinutes(3));
        ph = client.pigeonhole().withTimeout(Duration.ofMinutes(3));
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** Whatever happened, leave a kpclientd that answers echo for whoever comes next. */
    @AfterAll
    static void daemonIsHealthy() throws Exception {
        try {
            Testnet.signalKpclientd("CONT");
        } catch (Exception e) {
            // not running: restarted below
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (ThinClient c = ThinClient.connect(Testnet.config().build())) {
                c.sync().awaitPkiDocument(Duration.ofMinutes(2));
                c.sync().sendMessage(c.newSurbId(), "healthy?".getBytes(java.nio.charset.StandardCharsets.UTF_8), c.getService("echo").toDestination(), Duration.ofMinutes(1));
                return;
            } catch (DaemonConnectionException e) {
                last = e;
                Testnet.script("kpclientd-restart");
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(2000); // a pause between attempts: the daemon's readiness is not observable from here
            }
        }
        throw new AssertionError("kpclientd did not answer echo again", last);
    }

    private byte[] echo(String text) {
        return client.sync().sendMessage(client.newSurbId(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8), client.getService("echo").toDestination(), ECHO_DEADLINE);
    }

    /** Echo until it answers: the daemon may still be offline (no gateway link) right after a restart. */
    private long echoUntilAnswered(String text, long fromNanos) throws InterruptedException {
        long deadline = System.nanoTime() + ECHO_DEADLINE.toNanos();
        while (true) {
            try {
                byte[] reply = client.sync().sendMessage(client.newSurbId(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8), client.getService("echo").toDestination(),
                        Duration.ofSeconds(30));
                assertThat(new String(Arrays.copyOf(reply, text.length()), StandardCharsets.UTF_8)).isEqualTo(text);
                return System.nanoTime() - fromNanos;
            } catch (OfflineException | RequestTimeoutException | MessageSendFailedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250); // a pause between attempts, as above: each attempt is the probe
            }
        }
    }

    private static <E> E next(EventSubscription<? extends E> sub, Duration timeout, String what) throws InterruptedException {
        Optional<? extends E> e = sub.poll(timeout);
        assertThat(e).as(what + " within " + timeout).isPresent();
        return e.get();
    }

    @Test
    @Order(1)
    void pausedDaemonFailsCallsAtTheirDeadlineAndWorksAgainAfterSigcont() throws Exception {
        echo("before the pause");
        Duration deadline = Duration.ofSeconds(5);
        long pauseMs = 12_000; // longer than the deadline, well under kpclientd's 60 s write deadline
        CompletableFuture<List<DirectoryAuthority>> local;
        CompletableFuture<MessageBoxIndex> phLocal;
        long failedAfterMs;
        long phFailedAfterMs;
        Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
        try (EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            long tStop;
            try {
                Testnet.signalKpclientd("STOP");
                tStop = System.nanoTime();
                long t0 = System.nanoTime();
                local = client.fetchDirectoryAuthorities(deadline);
                phLocal = ph.withTimeout(deadline).nextMessageBoxIndex(k.firstIndex());
                Throwable t = catchThrowable(() -> Futures.await(local));
                failedAfterMs = (System.nanoTime() - t0) / 1_000_000;
                Throwable u = catchThrowable(() -> Futures.await(phLocal));
                phFailedAfterMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(t).isInstanceOf(RequestTimeoutException.class);
                assertThat(u).isInstanceOf(RequestTimeoutException.class);
                long rest = pauseMs - (System.nanoTime() - tStop) / 1_000_000;
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            } finally {
                Testnet.signalKpclientd("CONT");
            }
            long tCont = System.nanoTime();
            Figures.print("daemon.sigstop.pause_ms", (tCont - tStop) / 1_000_000);
            Figures.print("daemon.sigstop.request_deadline_ms", deadline.toMillis());
            Figures.print("daemon.sigstop.timeout_fired_after_ms", failedAfterMs);
            Figures.print("daemon.sigstop.pigeonhole_timeout_fired_after_ms", phFailedAfterMs);
            assertThat(failedAfterMs).as("fails at its deadline, not later")
                    .isBetween(deadline.toMillis() - 50, deadline.toMillis() + 1500);
            assertThat(phFailedAfterMs).isBetween(deadline.toMillis() - 50, deadline.toMillis() + 1500);

            // The same connection carries on: no reconnect, next calls answered.
            assertThat(client.sync().fetchDirectoryAuthorities(Duration.ofSeconds(30))).hasSize(3);
            Figures.printMs("daemon.sigcont.first_local_call", tCont, System.nanoTime());
            assertThat(ph.sync().withTimeout(Duration.ofSeconds(30)).getMessageBoxIndexCounter(k.firstIndex()))
                    .isEqualTo(k.firstIndex().counter());
            long echoNs = echoUntilAnswered("after SIGCONT", tCont);
            Figures.print("daemon.sigcont.first_echo_ms", echoNs / 1_000_000);
            assertThat(back.poll(Duration.ZERO)).as("the connection survived the pause").isEmpty();
            assertThat(client.isDaemonConnected()).isTrue();
        }
    }

    @Test
    @Order(2)
    void killedAndRestartedDaemonIsRejoinedWithoutRestartingTheClient() throws Exception {
        echo("before the kill");
        // A Pigeonhole write in flight at the kill: the client must re-send it to the new daemon instance.
        Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
        byte[] data = "written across a daemon restart".getBytes(StandardCharsets.UTF_8);
        EncryptedMessage w = ph.sync().encryptWrite(data, k.writeCap(), k.firstIndex());
        try (EventSubscription<DaemonDisconnectedEvent> lost = client.subscribe(DaemonDisconnectedEvent.class);
                EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            CompletableFuture<ResendResult> write = ph.withTimeout(Duration.ofMinutes(4)).startResendingEncryptedMessage(w);
            long tKill = System.nanoTime();
            Testnet.signalKpclientd("KILL");
            DaemonDisconnectedEvent d = next(lost, Duration.ofSeconds(30), "DaemonDisconnectedEvent");
            long tLost = System.nanoTime();
            assertThat(d.graceful()).as("SIGKILL: no shutdown_event").isFalse();
            Testnet.script("kpclientd-restart"); // sees the group gone, starts a new kpclientd
            long tStarted = System.nanoTime();
            ReconnectedEvent r = next(back, Duration.ofMinutes(3), "ReconnectedEvent");
            long tBack = System.nanoTime();
            assertThat(r.daemonRestarted()).as("new instance token").isTrue();
            assertThat(r.resumed()).as("a new daemon knows no sessions").isFalse();
            assertThat(client.isSessionResumed()).isFalse();
            Figures.printMs("daemon.sigkill.detect", tKill, tLost);
            Figures.printMs("daemon.sigkill.restart_script", tLost, tStarted);
            Figures.printMs("daemon.sigkill.recovery", tLost, tBack);
            Figures.print("daemon.sigkill.reissued", r.reissued());

            // Local calls first (no mixnet needed), then the mixnet.
            long tLocal = System.nanoTime();
            Keypair k2 = ph.sync().withTimeout(Duration.ofSeconds(30)).newKeypair(PigeonholeClient.randomSeed());
            assertThat(ph.sync().withTimeout(Duration.ofSeconds(30)).getMessageBoxIndexCounter(k2.firstIndex()))
                    .isEqualTo(k2.firstIndex().counter());
            Figures.printMs("daemon.sigkill.first_local_call_after_reconnect", tLocal, System.nanoTime());
            long echoNs = echoUntilAnswered("after SIGKILL", tLost);
            Figures.print("daemon.sigkill.first_echo_after_disconnect_ms", echoNs / 1_000_000);

            ResendResult written = write.get(4, TimeUnit.MINUTES);
            assertThat(written.plaintext()).isEmpty();
            Figures.printMs("daemon.sigkill.inflight_write_completed", tKill, System.nanoTime());
            assertThat(r.reissued()).as("the in-flight write was re-sent to the new daemon").isGreaterThanOrEqualTo(1);
        }
        // And the write really landed: read it back through the new daemon.
        EncryptedMessage q = ph.sync().encryptRead(k.readCap(), k.firstIndex());
        assertThat(ph.sync().withTimeout(Duration.ofMinutes(3)).startResendingEncryptedMessage(q)
                .requirePlaintext()).isEqualTo(data);
    }

    @Test
    @Order(3)
    void gracefullyRestartedDaemonAnnouncesItsShutdown() throws Exception {
        echo("before the restart");
        try (EventSubscription<ShutdownEvent> shutdown = client.subscribe(ShutdownEvent.class);
                EventSubscription<DaemonDisconnectedEvent> lost = client.subscribe(DaemonDisconnectedEvent.class);
                EventSubscription<ReconnectedEvent> back = client.subscribe(ReconnectedEvent.class)) {
            long t0 = System.nanoTime();
            Testnet.script("kpclientd-restart"); // SIGTERM to the group, then a new kpclientd
            next(shutdown, Duration.ofSeconds(30), "ShutdownEvent");
            DaemonDisconnectedEvent d = next(lost, Duration.ofSeconds(30), "DaemonDisconnectedEvent");
            long tLost = System.nanoTime();
            assertThat(d.graceful()).as("shutdown_event came first").isTrue();
            ReconnectedEvent r = next(back, Duration.ofMinutes(3), "ReconnectedEvent");
            long tBack = System.nanoTime();
            assertThat(r.daemonRestarted()).isTrue();
            assertThat(r.resumed()).isFalse();
            Figures.printMs("daemon.sigterm.detect", t0, tLost);
            Figures.printMs("daemon.sigterm.recovery", tLost, tBack);
            long echoNs = echoUntilAnswered("after SIGTERM", tLost);
            Figures.print("daemon.sigterm.first_echo_after_disconnect_ms", echoNs / 1_000_000);
        }
    }
}
