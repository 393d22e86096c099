package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.transport.Transport;

/**
 * TCP keepalive (issue 11, item 2): on by default, configurable, read back from the socket; and a link that dies
 * silently (its packets dropped by the firewall, no FIN or RST) is noticed with nothing in flight.
 */
class KeepAliveTest {

    /** A daemon that completes the handshake and then only waits for the client's requests. */
    private static KpclientdSimulator daemon() {
        return KpclientdSimulator.builder().tcp().noPkiDocument().start();
    }

    private static ThinClientConfig.Builder config(KpclientdSimulator d) {
        return d.thinClientConfigBuilder().reconnect(false);
    }

    private static Transport transport(ThinClient c) {
        return SessionAccess.of(c).transport();
    }

    private static boolean timingSupported(Transport t) throws IOException {
        return t.socketOption(ExtendedSocketOptions.TCP_KEEPIDLE) != null;
    }

    @Test
    void onByDefaultWithTheDefaultTiming() throws Exception {
        try (KpclientdSimulator d = daemon();
                ThinClient c = ThinClient.connect(config(d).build())) {
            Transport t = transport(c);
            assertThat(t.socketOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assumeTrue(timingSupported(t), "this platform does not expose TCP_KEEPIDLE");
            TcpKeepAlive defaults = ThinClientConfig.DEFAULT_TCP_KEEPALIVE;
            assertThat(t.socketOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo((int) defaults.idle().toSeconds());
            assertThat(t.socketOption(ExtendedSocketOptions.TCP_KEEPINTERVAL))
                    .isEqualTo((int) defaults.interval().toSeconds());
            assertThat(t.socketOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(defaults.count());
        }
    }

    @Test
    void configuredTimingIsSetAndRoundedUpToWholeSeconds() throws Exception {
        try (KpclientdSimulator d = daemon();
                ThinClient c = ThinClient.connect(config(d)
                        .tcpKeepAlive(new TcpKeepAlive(Duration.ofSeconds(7), Duration.ofMillis(2500), 4)).build())) {
            Transport t = transport(c);
            assertThat(t.socketOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assumeTrue(timingSupported(t), "this platform does not expose TCP_KEEPIDLE");
            assertThat(t.socketOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(7);
            assertThat(t.socketOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(3);
            assertThat(t.socketOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(4);
        }
    }

    @Test
    void canBeTurnedOff() throws Exception {
        try (KpclientdSimulator d = daemon();
                ThinClient c = ThinClient.connect(config(d).tcpKeepAlive(null).build())) {
            assertThat(transport(c).socketOption(StandardSocketOptions.SO_KEEPALIVE)).isFalse();
        }
    }

    // ---------------------------------------------------------------- a silently dead link

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ": " + out.trim());
        }
        return p.exitValue();
    }

    private static boolean iptablesUsable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || !"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            return run(List.of("iptables", "-w", "-L", "INPUT", "-n")) == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * The daemon's loopback packets are dropped (no FIN, no RST): with nothing in flight, the keepalive probes
     * go unanswered and the client reports the disconnect after about {@code idle + interval * count}.
     */
    @Test
    void aLinkThatDiesSilentlyIsNoticedWithNothingInFlight() throws Exception {
        assumeTrue(iptablesUsable(), "needs root and a working iptables on Linux");
        Duration idle = Duration.ofSeconds(1);
        Duration interval = Duration.ofSeconds(1);
        int count = 2;
        try (KpclientdSimulator d = daemon();
                ThinClient c = ThinClient.connect(config(d).tcpKeepAlive(new TcpKeepAlive(idle, interval, count))
                        .writeStallTimeout(Duration.ofMinutes(5)).build());
                EventSubscription<DaemonDisconnectedEvent> lost = c.subscribe(DaemonDisconnectedEvent.class)) {
            String port = d.dial().toString().replaceAll(".*:", "");
            List<String> rule = List.of("INPUT", "-p", "tcp", "-i", "lo", "--dport", port, "-j", "DROP");
            assertThat(run(concat(List.of("iptables", "-w", "-I"), rule))).as("iptables -I").isZero();
            try {
                long t0 = System.nanoTime();
                Duration expected = idle.plus(interval.multipliedBy(count));
                DaemonDisconnectedEvent e = lost.poll(expected.plus(Duration.ofSeconds(10))).orElse(null);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(e).as("a DaemonDisconnectedEvent within %s", expected.plus(Duration.ofSeconds(10)))
                        .isNotNull();
                assertThat(e.graceful()).isFalse();
                // ETIMEDOUT from the kernel's keepalive, not a reset or an end of stream
                assertThat(e.reason()).containsIgnoringCase("timed out");
                assertThat(took).isGreaterThanOrEqualTo(idle);
                assertThat(c.isDaemonConnected()).isFalse();
                System.out.println("keepalive: silent death noticed after " + took.toMillis() + " ms (at most about "
                        + expected.toMillis() + " ms after the last packet): " + e.reason());
            } finally {
                run(concat(List.of("iptables", "-w", "-D"), rule));
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
