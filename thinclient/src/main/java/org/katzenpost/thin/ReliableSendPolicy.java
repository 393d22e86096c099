package org.katzenpost.thin;

import java.time.Duration;

/**
 * Client-side ARQ for {@link ThinClient#sendReliableMessage}: the daemon dropped its own in v0.0.73, so the
 * client retransmits with a fresh SURB when no reply comes within the daemon's reply ETA plus {@code slack}
 * (or {@code initialRoundTrip} before the daemon reported an ETA), at most {@code maxRetransmissions} times.
 */
public record ReliableSendPolicy(int maxRetransmissions, Duration slack, Duration initialRoundTrip) {
    public ReliableSendPolicy {
        if (maxRetransmissions < 0) {
            throw new IllegalArgumentException("maxRetransmissions must not be negative");
        }
        if (slack == null || slack.isNegative()) {
            throw new IllegalArgumentException("slack must be zero or positive");
        }
        if (initialRoundTrip == null || initialRoundTrip.isNegative() || initialRoundTrip.isZero()) {
            throw new IllegalArgumentException("initialRoundTrip must be positive");
        }
    }

    /** 5 retransmissions, 10 s slack, 30 s initial round-trip guess. */
    public static ReliableSendPolicy defaults() {
        return new ReliableSendPolicy(5, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
