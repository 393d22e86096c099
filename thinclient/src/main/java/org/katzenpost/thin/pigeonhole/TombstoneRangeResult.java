package org.katzenpost.thin.pigeonhole;

import java.util.Objects;

/**
 * The outcome of {@link PigeonholeClient#tombstoneRange}: how many boxes, counted from the start index, now
 * hold a tombstone, and the index after the last of them.
 *
 * @param tombstoned number of boxes tombstoned, in order from the start index
 * @param nextIndex the first index not tombstoned by the call
 */
public record TombstoneRangeResult(int tombstoned, MessageBoxIndex nextIndex) {
    /**
     * Validates the result.
     *
     * @param tombstoned number of boxes tombstoned; zero or positive
     * @param nextIndex the first index not tombstoned
     * @throws IllegalArgumentException if {@code tombstoned} is negative
     * @throws NullPointerException if {@code nextIndex} is null
     */
    public TombstoneRangeResult {
        if (tombstoned < 0) {
            throw new IllegalArgumentException("tombstoned must not be negative");
        }
        Objects.requireNonNull(nextIndex, "nextIndex");
    }
}
