package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The options of issue 11: defaults, validation, and toBuilder() keeping them. */
class ReliabilityConfigTest {
    private static ThinClientConfig.Builder base() {
        return ThinClientConfig.builder().dial(Dial.tcp("127.0.0.1:1"));
    }

    @Test
    void defaults() {
        ThinClientConfig c = base().build();
        assertThat(c.writeStallTimeout()).isEqualTo(ThinClientConfig.DEFAULT_WRITE_STALL_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(c.closeTimeout()).isEqualTo(ThinClientConfig.DEFAULT_CLOSE_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.tcpKeepAlive()).isSameAs(ThinClientConfig.DEFAULT_TCP_KEEPALIVE)
                .isEqualTo(new TcpKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(10), 3));
        assertThat(c.resumeSession()).isNull();
    }

    @Test
    void durationsMustBePositiveAndTheCountAtLeastOne() {
        assertThatThrownBy(() -> base().writeStallTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeStallTimeout");
        assertThatThrownBy(() -> base().closeTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeTimeout");
        assertThatThrownBy(() -> new TcpKeepAlive(Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle");
        assertThatThrownBy(() -> new TcpKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(-1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> new TcpKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> new TcpKeepAlive(null, Duration.ofSeconds(1), 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("idle");
        assertThatThrownBy(() -> base().eventQueueCapacity(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventQueueCapacity");
        assertThatThrownBy(() -> base().reconnectDelay(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> base().writeStallTimeout(null).build()).isInstanceOf(NullPointerException.class);
    }

    /** A bad value is refused by the setter that takes it, so the stack trace names the line that set it. */
    @Test
    void eachSetterRefusesABadValueItself() {
        ThinClientConfig.Builder b = ThinClientConfig.builder();
        for (String name : new String[] {"connectTimeout", "handshakeTimeout", "requestTimeout", "writeStallTimeout",
                "closeTimeout"}) {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofNanos(-1)}) {
                assertThatThrownBy(() -> setDuration(b, name, bad)).as("%s(%s)", name, bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
            }
            assertThatThrownBy(() -> setDuration(b, name, null)).as("%s(null)", name)
                    .isInstanceOf(NullPointerException.class).hasMessageContaining(name);
        }
        assertThatThrownBy(() -> b.eventQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventQueueCapacity");
        assertThatThrownBy(() -> b.dial(null)).isInstanceOf(NullPointerException.class).hasMessage("dial");
        assertThatThrownBy(() -> b.reconnectDelay(null)).hasMessage("reconnectDelay");
        assertThatThrownBy(() -> b.disconnectedCallPolicy(null)).hasMessage("disconnectedCallPolicy");
        assertThatThrownBy(() -> b.listenerOverflowPolicy(null)).hasMessage("listenerOverflowPolicy");
        assertThatThrownBy(() -> b.reliableSendPolicy(null)).hasMessage("reliableSendPolicy");
        // the builder kept nothing of the refused values, and null stays what turns these two off or resets them
        ThinClientConfig c = b.dial(Dial.tcp("127.0.0.1:1")).tcpKeepAlive(null).resumeSession(null).build();
        assertThat(c.requestTimeout()).isEqualTo(ThinClientConfig.DEFAULT_REQUEST_TIMEOUT);
        assertThat(c.eventQueueCapacity()).isEqualTo(ThinClientConfig.DEFAULT_EVENT_QUEUE_CAPACITY);
        assertThat(c.tcpKeepAlive()).isNull();
        assertThatThrownBy(() -> ThinClientConfig.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dial");
    }

    private static void setDuration(ThinClientConfig.Builder b, String name, Duration d) {
        switch (name) {
            case "connectTimeout" -> b.connectTimeout(d);
            case "handshakeTimeout" -> b.handshakeTimeout(d);
            case "requestTimeout" -> b.requestTimeout(d);
            case "writeStallTimeout" -> b.writeStallTimeout(d);
            case "closeTimeout" -> b.closeTimeout(d);
            default -> throw new IllegalArgumentException(name);
        }
    }

    @Test
    void theReliableSendPolicyChecksItsDurationsAsEveryOtherDurationIsChecked() {
        Duration second = Duration.ofSeconds(1);
        assertThat(new ReliableSendPolicy(0, Duration.ZERO, second).slack()).isZero();
        assertThatThrownBy(() -> new ReliableSendPolicy(1, null, second))
                .isInstanceOf(NullPointerException.class).hasMessage("slack");
        assertThatThrownBy(() -> new ReliableSendPolicy(1, Duration.ofNanos(-1), second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slack must be zero or positive, got PT-0.000000001S");
        assertThatThrownBy(() -> new ReliableSendPolicy(1, second, null))
                .isInstanceOf(NullPointerException.class).hasMessage("initialRoundTrip");
        assertThatThrownBy(() -> new ReliableSendPolicy(1, second, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initialRoundTrip must be positive, got PT0S");
        assertThatThrownBy(() -> new ReliableSendPolicy(-1, second, second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetransmissions");
    }

    @Test
    void toBuilderKeepsEveryOption() {
        SessionToken token = SessionToken.of(new byte[16]);
        TcpKeepAlive keepAlive = new TcpKeepAlive(Duration.ofSeconds(5), Duration.ofSeconds(2), 7);
        ThinClientConfig c = base().writeStallTimeout(Duration.ofSeconds(3)).closeTimeout(Duration.ofMillis(200))
                .tcpKeepAlive(keepAlive).resumeSession(token).build().toBuilder().build();
        assertThat(c.writeStallTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.closeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.tcpKeepAlive()).isEqualTo(keepAlive);
        assertThat(c.resumeSession()).isEqualTo(token);
        assertThat(c.toBuilder().tcpKeepAlive(null).build().tcpKeepAlive()).as("off").isNull();
    }

    @Test
    void listenersAreKeptByToBuilderAndAddedToEachClient() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ThinClientConfig c = base().onConnectionStatus(e -> seen.add("status"))
                .on(org.katzenpost.thin.event.ThinClientEvent.class, e -> seen.add("any")).build();
        try (ThinClient client = ThinClient.create(c.toBuilder().build())) {
            assertThat(client.statistics().eventConsumers()).hasSize(2);
        }
        assertThatThrownBy(() -> base().on(null, e -> { })).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> base().onMessageReply(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringShowsTheSettingsButNotTheSessionToken() {
        byte[] secret = new byte[16];
        java.util.Arrays.fill(secret, (byte) 0xab);
        String text = base().resumeSession(SessionToken.of(secret)).build().toString();
        assertThat(text).contains("127.0.0.1:1").contains("tcpKeepAlive=").contains("resumeSession=true")
                .doesNotContain(java.util.HexFormat.of().formatHex(secret)).doesNotContainIgnoringCase("abab");
    }
}
