package org.katzenpost.thin.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The one check every {@code Duration} of the public API goes through (docs/api.md, "Deadlines on everything"),
 * so that a bad timeout fails the same way wherever it is passed.
 */
public final class Durations {
    private Durations() {}

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
}
