package org.katzenpost.thin;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the client waits before each attempt to reconnect to kpclientd after the connection is lost, set with
 * {@link ThinClientConfig.Builder#reconnectDelay(ReconnectDelay)}. The default is
 * {@link #exponential(Duration, Duration) exponential} from 1 s to 60 s with ±20 % jitter
 * ({@link ThinClientConfig#DEFAULT_RECONNECT_DELAY}).
 *
 * <p>Attempts are counted from 1 for the first attempt after a loss. When connections keep ending because the
 * daemon breaks the protocol, the count goes on from where the previous cycle ended instead of starting again at
 * 1 (docs/reliability.md, "Repeated protocol failures"); a connection that stayed up for {@link #max()} starts
 * the count afresh.
 *
 * <p>Applications may extend this class for a schedule of their own; the instances it returns are immutable and
 * thread-safe, and so must a subclass be. Where a subclass's method throws or returns null or a negative delay,
 * the client uses {@link ThinClientConfig#DEFAULT_RECONNECT_DELAY}'s answer instead (and logs it once at WARN), so a
 * broken schedule neither stops reconnection nor makes it a tight loop.
 *
 * <pre>{@code
 * ThinClientConfig.builder().dial(dial)
 *         .reconnectDelay(ReconnectDelay.exponential(Duration.ofMillis(200), Duration.ofSeconds(10)))
 *         .build();
 * }</pre>
 */
public abstract class ReconnectDelay {
    /** The jitter of {@link #exponential(Duration, Duration)}: each delay is randomised by ±{@value}. */
    public static final double DEFAULT_JITTER = 0.2;

    /** For subclasses. */
    protected ReconnectDelay() {}

    /**
     * The delay before reconnect attempt {@code attempt}.
     *
     * @param attempt the attempt, 1 for the first after a loss
     * @return a positive or zero delay
     */
    public abstract Duration delay(int attempt);

    /**
     * The delay the schedule grows to before jitter; a connection that stays up this long counts as stable.
     *
     * @return a positive duration
     */
    public abstract Duration max();

    /**
     * Doubling delays with {@link #DEFAULT_JITTER}: {@code base}, 2 × {@code base}, 4 × {@code base} … capped at
     * {@code max}, each randomised by ±20 % so that many clients of one daemon do not reconnect in lockstep.
     *
     * @param base positive delay of the first attempt
     * @param max positive cap, not below {@code base}
     * @return the schedule
     * @throws IllegalArgumentException when a duration is not positive or {@code max} is below {@code base}
     */
    public static ReconnectDelay exponential(Duration base, Duration max) {
        return exponential(base, max, DEFAULT_JITTER);
    }

    /**
     * Doubling delays, as {@link #exponential(Duration, Duration)}, with the jitter given.
     *
     * @param base positive delay of the first attempt
     * @param max positive cap, not below {@code base}
     * @param jitter fraction in [0, 1) by which each delay is randomised (0.2 = ±20 %); 0 for exact delays
     * @return the schedule
     * @throws IllegalArgumentException when a duration is not positive, {@code max} is below {@code base} or the
     *         jitter is outside [0, 1)
     */
    public static ReconnectDelay exponential(Duration base, Duration max, double jitter) {
        Durations.requirePositive(base, "base");
        Durations.requirePositive(max, "max");
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max must not be below base, got base " + base + " and max " + max);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        return new Exponential(base, max, jitter);
    }

    /**
     * The same delay before every attempt, without jitter.
     *
     * @param delay positive delay
     * @return the schedule
     * @throws IllegalArgumentException when {@code delay} is not positive
     */
    public static ReconnectDelay constant(Duration delay) {
        return new Constant(Durations.requirePositive(delay, "delay"));
    }

    private static void checkAttempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
    }

    private static final class Exponential extends ReconnectDelay {
        private final long baseNanos;
        private final long maxNanos;
        private final Duration max;
        private final double jitter;

        Exponential(Duration base, Duration max, double jitter) {
            // saturated at Durations.LONGEST: a cap of a century means "never more often"
            this.baseNanos = Durations.toNanos(base);
            this.maxNanos = Durations.toNanos(max);
            this.max = max;
            this.jitter = jitter;
        }

        @Override
        public Duration delay(int attempt) {
            checkAttempt(attempt);
            long delay = baseNanos;
            for (int i = 1; i < attempt && delay < maxNanos; i++) {
                delay = delay > maxNanos / 2 ? maxNanos : delay * 2;
            }
            delay = Math.min(delay, maxNanos);
            if (jitter > 0) {
                delay = (long) (delay * (1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter)));
            }
            return Duration.ofNanos(delay);
        }

        @Override
        public Duration max() {
            return max;
        }

        @Override
        public String toString() {
            return "exponential(" + Duration.ofNanos(baseNanos) + " to " + max + ", jitter " + jitter + ")";
        }
    }

    private static final class Constant extends ReconnectDelay {
        private final Duration delay;

        Constant(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Duration delay(int attempt) {
            checkAttempt(attempt);
            return delay;
        }

        @Override
        public Duration max() {
            return delay;
        }

        @Override
        public String toString() {
            return "constant(" + delay + ")";
        }
    }
}
