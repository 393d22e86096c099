package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconnect schedules: growth, cap, jitter bounds, validation, and how the config picks one. */
class ReconnectDelayTest {
    private static ThinClientConfig.Builder base() {
        return ThinClientConfig.builder().dial(Dial.tcp("127.0.0.1:1"));
    }

    @Test
    void exponentialWithoutJitterDoublesUpToTheCap() {
        ReconnectDelay d = ReconnectDelay.exponential(Duration.ofMillis(100), Duration.ofMillis(1000), 0);
        List<Long> millis = new ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            millis.add(d.delay(attempt).toMillis());
        }
        assertThat(millis).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        assertThat(d.max()).isEqualTo(Duration.ofMillis(1000));
        // a long run of failures neither overflows nor passes the cap
        assertThat(d.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(1000));
        assertThat(ReconnectDelay.exponential(Duration.ofNanos(1), Duration.ofDays(3650), 0).delay(200))
                .isEqualTo(Duration.ofDays(3650));
        assertThat(ReconnectDelay.exponential(Duration.ofNanos(1), Duration.ofDays(365_000), 0).delay(200))
                .as("saturated at a century").isEqualTo(Duration.ofDays(100 * 365));
    }

    @Test
    void jitterStaysWithinItsFractionAndVaries() {
        ReconnectDelay d = ReconnectDelay.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8));
        for (int attempt = 1; attempt <= 5; attempt++) {
            long exact = Math.min(8_000_000_000L, 1_000_000_000L << (attempt - 1));
            long low = Long.MAX_VALUE;
            long high = Long.MIN_VALUE;
            for (int i = 0; i < 2000; i++) {
                long n = d.delay(attempt).toNanos();
                low = Math.min(low, n);
                high = Math.max(high, n);
            }
            assertThat(low).as("attempt %d", attempt).isGreaterThanOrEqualTo((long) (exact * 0.8));
            assertThat(high).as("attempt %d", attempt).isLessThanOrEqualTo((long) (exact * 1.2));
            // 2000 draws from ±20 % spread over more than a third of the range
            assertThat(high - low).as("attempt %d", attempt).isGreaterThan((long) (exact * 0.15));
        }
    }

    @Test
    void constantIsTheSameEveryTime() {
        ReconnectDelay d = ReconnectDelay.constant(Duration.ofMillis(250));
        assertThat(List.of(d.delay(1), d.delay(2), d.delay(50))).containsOnly(Duration.ofMillis(250));
        assertThat(d.max()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void badParametersAreRejectedByName() {
        assertThatThrownBy(() -> ReconnectDelay.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base");
        assertThatThrownBy(() -> ReconnectDelay.exponential(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> ReconnectDelay.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max must not be below base");
        assertThatThrownBy(() -> ReconnectDelay.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> ReconnectDelay.constant(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> ReconnectDelay.constant(Duration.ofSeconds(1)).delay(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
    }

    @Test
    void theConfigDefaultsToTheDocumentedExponentialDelay() {
        ThinClientConfig c = base().build();
        assertThat(c.reconnectDelay()).isSameAs(ThinClientConfig.DEFAULT_RECONNECT_DELAY);
        assertThat(c.reconnectDelay().max()).isEqualTo(Duration.ofSeconds(60));
        long first = c.reconnectDelay().delay(1).toMillis();
        assertThat(first).isBetween(800L, 1200L);
    }

    @Test
    void theConfiguredDelayIsKeptByToBuilder() {
        ReconnectDelay constant = ReconnectDelay.constant(Duration.ofMillis(300));
        ThinClientConfig c = base().reconnectDelay(constant).build();
        assertThat(c.reconnectDelay()).isSameAs(constant);
        assertThat(c.toBuilder().build().reconnectDelay()).isSameAs(constant);
        assertThatThrownBy(() -> base().reconnectDelay(null)).isInstanceOf(NullPointerException.class);
    }
}
