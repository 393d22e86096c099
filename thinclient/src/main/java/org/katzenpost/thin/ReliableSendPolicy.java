package org.katzenpost.thin;

import java.time.Duration;

/**
 * Client-side ARQ for {@link ThinClient#sendReliableMessage}: the daemon dropped its own in v0.0.73, so the
 * client retransmits with a fresh SURB when no reply comes within the daemon's reply ETA plus {@code slack}
 * (or {@code initialRoundTrip} before the daemon reported an ETA), at most {@code maxRetransmissions} times.
 * When the last one gets no reply either, the call fails with {@link RetriesExhaustedException}.
 *
 * @param maxRetransmissions how many times a message is sent again after the first send; 0 sends it once
 * @param slack added to the daemon's reply ETA before a retransmission; zero or positive
 * @param initialRoundTrip how long to wait for a reply before the daemon has reported an ETA; positive
 */
public record ReliableSendPolicy(int maxRetransmissions, Duration slack, Duration initialRoundTrip) {
    /**
     * Validates the policy.
     *
     * @param maxRetransmissions sends after the first one; zero or positive
     * @param slack added to the daemon's reply ETA; zero or positive
     * @param initialRoundTrip the wait before the daemon has reported an ETA; positive
     * @throws IllegalArgumentException if {@code maxRetransmissions} or {@code slack} is negative, or
     *         {@code initialRoundTrip} is zero or negative
     * @throws NullPointerException if {@code slack} or {@code initialRoundTrip} is null
     */
    public ReliableSendPolicy {
        if (maxRetransmissions < 0) {
            throw new IllegalArgumentException("maxRetransmissions must not be negative, got " + maxRetransmissions);
        }
        Durations.requireNonNegative(slack, "slack");
        Durations.requirePositive(initialRoundTrip, "initialRoundTrip");
    }

    /**
     * The policy used when none is configured.
     *
     * @return 5 retransmissions, 10 s slack, 30 s initial round-trip guess
     */
    public static ReliableSendPolicy defaults() {
        return new ReliableSendPolicy(5, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
