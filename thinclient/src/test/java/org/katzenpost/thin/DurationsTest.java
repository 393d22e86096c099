package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.fuzz.Alloc;

/** {@link Durations}: the one check of the API's durations, and nanoseconds that never overflow. */
class DurationsTest {

    @Test
    void durationsWithinACenturyConvertExactly() {
        assertThat(Durations.toNanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
        assertThat(Durations.toNanos(Duration.ZERO)).isZero();
        assertThat(Durations.toNanos(Duration.ofNanos(-7))).isEqualTo(-7);
        assertThat(Durations.toNanos(Durations.LONGEST.minusNanos(1))).isEqualTo(Durations.LONGEST.toNanos() - 1);
    }

    @Test
    void longerDurationsSaturateAtACenturyInsteadOfThrowing() {
        long century = Duration.ofDays(36_500).toNanos();
        assertThat(Durations.toNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(century);
        assertThat(Durations.toNanos(Duration.ofDays(200 * 365))).isEqualTo(century);
        assertThat(Durations.toNanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(-century);
    }

    @Test
    void theNegativeCenturyIsTheBoundOnTheOtherSide() {
        long century = Duration.ofDays(36_500).toNanos();
        Duration negativeCentury = Duration.ofDays(-36_500);
        assertThat(Durations.toNanos(negativeCentury)).isEqualTo(-century);
        assertThat(Durations.toNanos(negativeCentury.plusNanos(1))).isEqualTo(-century + 1);
        assertThat(Durations.toNanos(negativeCentury.minusNanos(1))).isEqualTo(-century);
        assertThat(Durations.toNanos(Durations.LONGEST)).isEqualTo(century);
        assertThat(Durations.toNanos(Durations.LONGEST.plusNanos(1))).isEqualTo(century);
    }

    /**
     * Every daemon call converts its timeout, so the conversion allocates nothing; it used
     * {@code Duration.negated()}, which multiplies in {@code BigDecimal} (hundreds of bytes per call).
     */
    @Test
    void convertingAllocatesNothing() {
        Assumptions.assumeTrue(Alloc.supported(), "per-thread allocation counter not available");
        Duration timeout = Duration.ofSeconds(60);
        long sum = 0;
        for (int i = 0; i < 10_000; i++) { // warm up: the first calls of a path load classes
            sum += Durations.toNanos(timeout);
        }
        long before = Alloc.now();
        for (int i = 0; i < 10_000; i++) {
            sum += Durations.toNanos(timeout);
        }
        long allocated = Alloc.now() - before;
        assertThat(sum).isEqualTo(20_000 * timeout.toNanos());
        assertThat(allocated).as("bytes allocated by 10,000 conversions").isLessThan(10_000);
    }

    @Test
    void aDeadlineOfForeverStaysAheadOfTheClockForAllOfACentury() {
        long forever = Durations.toNanos(Duration.ofSeconds(Long.MAX_VALUE));
        long deadline = Durations.deadline(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(deadline - System.nanoTime()).isPositive();
        // on a clock near the top of the long range, "deadline - now > 0" holds until the century has passed,
        // which it could not for a saturation at Long.MAX_VALUE (the difference would wrap negative at once)
        long start = Long.MAX_VALUE - 5;
        long end = start + forever;
        for (long elapsed : new long[] {0, 1, forever / 2, forever - 1}) {
            assertThat(end - (start + elapsed)).isPositive();
        }
        assertThat(end - (start + forever)).isZero();
        assertThat(forever).isLessThan(Long.MAX_VALUE / 2);
    }

    @Test
    void requirePositiveNamesTheParameter() {
        assertThat(Durations.requirePositive(Duration.ofNanos(1), "timeout")).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> Durations.requirePositive(Duration.ZERO, "delay"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must be positive, got PT0S");
        assertThatThrownBy(() -> Durations.requirePositive(null, "delay"))
                .isInstanceOf(NullPointerException.class).hasMessage("delay");
    }
}
