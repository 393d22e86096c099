package org.katzenpost.thin;

import java.time.Duration;

/**
 * TCP keepalive timing for connections to a TCP {@link Dial}, set with
 * {@link ThinClientConfig.Builder#tcpKeepAlive(TcpKeepAlive)} (default
 * {@link ThinClientConfig#DEFAULT_TCP_KEEPALIVE}: 30 s, 10 s, 3 probes). With nothing in flight, the kernel
 * probes a connection idle for {@code idle}, then every {@code interval}, and drops it after {@code count}
 * unanswered probes, so a link that died without a FIN or RST is noticed after about
 * {@code idle + interval * count}.
 *
 * <p>The timing is set where the platform supports it ({@code jdk.net.ExtendedSocketOptions} TCP_KEEPIDLE,
 * TCP_KEEPINTERVAL, TCP_KEEPCOUNT: Linux and macOS); elsewhere keepalive is on with the system's timing. The
 * kernel counts in whole seconds: durations are rounded up.
 *
 * <pre>{@code
 * ThinClientConfig.builder().dial(dial)
 *         .tcpKeepAlive(new TcpKeepAlive(Duration.ofSeconds(10), Duration.ofSeconds(5), 3))
 *         .build();
 * }</pre>
 *
 * @param idle positive idle time before the first probe (TCP_KEEPIDLE)
 * @param interval positive time between probes (TCP_KEEPINTERVAL)
 * @param count unanswered probes before the link is dead (TCP_KEEPCOUNT), at least 1
 */
public record TcpKeepAlive(Duration idle, Duration interval, int count) {
    /**
     * Checks the timing.
     *
     * @param idle positive idle time before the first probe
     * @param interval positive time between probes
     * @param count unanswered probes before the link is dead, at least 1
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a duration is not positive or {@code count} is below 1
     */
    public TcpKeepAlive {
        Durations.requirePositive(idle, "idle");
        Durations.requirePositive(interval, "interval");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}
