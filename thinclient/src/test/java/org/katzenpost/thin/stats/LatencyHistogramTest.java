package org.katzenpost.thin.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsTileTheRangeWithoutGapsAndAtMostAQuarterWide() {
        assertThat(LatencyHistogram.bucketLowerBoundNanos(0)).isZero();
        for (int i = 0; i < LatencyHistogram.BUCKETS - 1; i++) {
            long lo = LatencyHistogram.bucketLowerBoundNanos(i);
            long hi = LatencyHistogram.bucketUpperBoundNanos(i);
            assertThat(hi).isGreaterThan(lo);
            assertThat(LatencyHistogram.bucketOf(lo)).isEqualTo(i);
            assertThat(LatencyHistogram.bucketOf(hi - 1)).isEqualTo(i);
            assertThat(LatencyHistogram.bucketOf(hi)).isEqualTo(i + 1);
            if (i > 0) {
                assertThat((double) (hi - lo) / lo).isLessThanOrEqualTo(0.25);
            }
        }
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.bucketOf(-5)).isZero();
        assertThat(LatencyHistogram.bucketUpperBoundNanos(LatencyHistogram.BUCKETS - 1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> LatencyHistogram.bucketLowerBoundNanos(LatencyHistogram.BUCKETS))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void quantilesAreWithinOneBucketOfTheExactValues() {
        Random rnd = new Random(7);
        long[] values = new long[20_000];
        long[] counts = new long[LatencyHistogram.BUCKETS];
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            // log-normal-ish: 20 µs to 200 ms
            values[i] = (long) (20_000 * Math.pow(10_000, rnd.nextDouble()));
            counts[LatencyHistogram.bucketOf(values[i])]++;
            total += values[i];
        }
        Arrays.sort(values);
        LatencyHistogram h = LatencyHistogram.of(counts, total);
        assertThat(h.count()).isEqualTo(values.length);
        assertThat(h.mean()).isEqualTo(Duration.ofNanos(total / values.length));
        for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            long estimate = h.quantile(q).toNanos();
            assertThat((double) Math.abs(estimate - exact) / exact).as("q=%s", q).isLessThanOrEqualTo(0.25);
        }
        assertThat(h.quantile(0.5)).isLessThan(h.quantile(0.99));
    }

    @Test
    void emptyAndInvalidInput() {
        assertThat(LatencyHistogram.empty().quantile(0.99)).isEqualTo(Duration.ZERO);
        assertThat(LatencyHistogram.empty().mean()).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> LatencyHistogram.empty().quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyHistogram.empty().quantile(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyHistogram.of(new long[3], 0)).isInstanceOf(IllegalArgumentException.class);
        long[] negative = new long[LatencyHistogram.BUCKETS];
        negative[4] = -1;
        assertThatThrownBy(() -> LatencyHistogram.of(negative, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minusGivesTheIntervalsValuesAndCopiesItsInput() {
        long[] a = new long[LatencyHistogram.BUCKETS];
        a[10] = 5;
        LatencyHistogram earlier = LatencyHistogram.of(a, 500);
        a[10] = 9; // of() copied, so this does not change `earlier`
        a[20] = 1;
        LatencyHistogram later = LatencyHistogram.of(a, 1000);
        assertThat(earlier.countInBucket(10)).isEqualTo(5);
        LatencyHistogram d = later.minus(earlier);
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.countInBucket(10)).isEqualTo(4);
        assertThat(d.countInBucket(20)).isEqualTo(1);
        assertThat(d.totalNanos()).isEqualTo(500);
    }
}
