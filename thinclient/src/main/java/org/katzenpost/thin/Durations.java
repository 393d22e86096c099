package org.katzenpost.thin;

import java.time.Duration;
import java.util.Objects;

/**
 * The library's rules for a {@code Duration}, public so that the store, groups and metrics modules, and an
 * application that wraps the library, check theirs the same way (docs/api.md, "Deadlines on everything"): a deadline
 * or timeout must be positive ({@link #requirePositive}), a delay, slack or age where zero means "none" zero or
 * positive ({@link #requireNonNegative}), and a duration of a century or more ({@link #LONGEST}) waits a century,
 * so that "forever" needs no special case and no deadline overflows ({@link #toNanos}, {@link #deadline}).
 */
public final class Durations {
    /**
     * The longest wait the library schedules: 100 years. A longer duration (a "forever" such as
     * {@code Duration.ofSeconds(Long.MAX_VALUE)}, beyond the 292 years a {@code long} of nanoseconds holds) waits this
     * long, so that no deadline computed as {@code System.nanoTime() + nanos} overflows.
     */
    public static final Duration LONGEST = Duration.ofDays(36_500);
    private static final long LONGEST_NANOS = LONGEST.toNanos();
    /**
     * {@code LONGEST.negated()}, made from its seconds: {@code Duration.negated()} multiplies in {@code BigDecimal},
     * which cost every call an allocation and a process's first client about 20 ms of {@code BigDecimal} and
     * {@code BigInteger} set-up (docs/performance.md, "CLI start-up").
     */
    private static final Duration LONGEST_NEGATIVE = Duration.ofSeconds(-LONGEST.getSeconds());

    private Durations() {}

    /**
     * {@code value} in nanoseconds, saturated at plus or minus {@link #LONGEST}: never throws
     * {@link ArithmeticException}, whatever the caller passed.
     *
     * @param value a duration, not null
     * @return its nanoseconds, between {@code -LONGEST} and {@code LONGEST}
     */
    public static long toNanos(Duration value) {
        if (value.compareTo(LONGEST) >= 0) {
            return LONGEST_NANOS;
        }
        if (value.compareTo(LONGEST_NEGATIVE) <= 0) {
            return -LONGEST_NANOS;
        }
        return value.toNanos();
    }

    /**
     * The {@link System#nanoTime()} at which {@code timeout} from now ends; compare it with
     * {@code deadline - System.nanoTime() > 0}, which stays right for every timeout (see {@link #LONGEST}).
     *
     * @param timeout the time to wait, not null
     * @return the deadline on the {@code nanoTime} clock
     */
    public static long deadline(Duration timeout) {
        return System.nanoTime() + toNanos(timeout);
    }

    /**
     * Returns {@code value} when it is positive.
     *
     * @param value the duration passed by the caller
     * @param name the parameter's name, used in the exception message
     * @return {@code value}
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} when it is zero or positive: for durations where zero means "none" (a slack, a delay)
     * rather than a deadline.
     *
     * @param value the duration passed by the caller
     * @param name the parameter's name, used in the exception message
     * @return {@code value}
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static Duration requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + value);
        }
        return value;
    }
}
