package org.katzenpost.testkit.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The check of the testkit's delays and latencies, where zero means "none". Timeouts go through the thin
 * client's {@code Durations.requirePositive} instead; both fail the same way and name the parameter
 * (docs/api.md, "Deadlines on everything").
 */
public final class Delays {
    private Delays() {}

    /**
     * Returns {@code value} when it is zero or positive.
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
