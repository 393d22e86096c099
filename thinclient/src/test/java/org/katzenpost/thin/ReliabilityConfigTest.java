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
        assertThat(c.tcpKeepAlive()).isTrue();
        assertThat(c.tcpKeepAliveIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.tcpKeepAliveInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.tcpKeepAliveCount()).isEqualTo(3);
        assertThat(c.resumeSession()).isNull();
    }

    @Test
    void durationsMustBePositiveAndTheCountAtLeastOne() {
        assertThatThrownBy(() -> base().writeStallTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeStallTimeout");
        assertThatThrownBy(() -> base().closeTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeTimeout");
        assertThatThrownBy(() -> base().tcpKeepAlive(Duration.ZERO, Duration.ofSeconds(1), 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcpKeepAliveIdle");
        assertThatThrownBy(() -> base().tcpKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(-1), 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcpKeepAliveInterval");
        assertThatThrownBy(() -> base().tcpKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcpKeepAliveCount");
        assertThatThrownBy(() -> base().writeStallTimeout(null).build()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toBuilderKeepsEveryOption() {
        SessionToken token = SessionToken.of(new byte[16]);
        ThinClientConfig c = base().writeStallTimeout(Duration.ofSeconds(3)).closeTimeout(Duration.ofMillis(200))
                .tcpKeepAlive(Duration.ofSeconds(5), Duration.ofSeconds(2), 7).tcpKeepAlive(false)
                .resumeSession(token).build().toBuilder().build();
        assertThat(c.writeStallTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.closeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.tcpKeepAlive()).isFalse();
        assertThat(c.tcpKeepAliveIdle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.tcpKeepAliveInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.tcpKeepAliveCount()).isEqualTo(7);
        assertThat(c.resumeSession()).isEqualTo(token);
    }
}
