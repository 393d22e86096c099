package org.katzenpost.thin.stats;

import java.time.Duration;
import java.util.Arrays;

/**
 * An immutable latency histogram with fixed, log-scale buckets, as kept per {@link RequestKind} (see
 * {@link RequestStatistics#latency()}).
 *
 * <p>The buckets are the same for every histogram: bucket 0 holds values below {@value #FIRST_BOUND_NANOS} ns;
 * then each power of two from 2<sup>10</sup> ns (about 1 µs) to 2<sup>41</sup> ns (about 37 minutes) is cut
 * into {@value #SUB_BUCKETS} equal parts, so a bucket is at most 25 % wider than its lower bound; the last
 * bucket holds everything from 2<sup>41</sup> ns up. {@link #quantile(double)} interpolates linearly inside a
 * bucket, so its estimate is within that bucket's width of the true value.
 */
public final class LatencyHistogram {
    /** Sub-buckets per power of two: {@value}. */
    public static final int SUB_BUCKETS = 4;
    /** The upper bound of bucket 0, in nanoseconds: {@value} (2^10). */
    public static final long FIRST_BOUND_NANOS = 1L << 10;
    private static final int MIN_SHIFT = 10;
    private static final int MAX_SHIFT = 41;
    /** How many buckets every histogram has: {@value}. */
    public static final int BUCKETS = 2 + (MAX_SHIFT - MIN_SHIFT) * SUB_BUCKETS;

    private static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS], 0);

    private final long[] counts;
    private final long count;
    private final long totalNanos;

    private LatencyHistogram(long[] counts, long totalNanos) {
        this.counts = counts;
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        this.count = n;
        this.totalNanos = totalNanos;
    }

    /**
     * A histogram from per-bucket counts.
     *
     * @param counts one count per bucket, {@link #BUCKETS} of them; copied
     * @param totalNanos the sum of all recorded values, in nanoseconds
     * @return the histogram
     * @throws IllegalArgumentException if {@code counts} does not have {@link #BUCKETS} entries, or a count or
     *     the total is negative
     */
    public static LatencyHistogram of(long[] counts, long totalNanos) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("a latency histogram has " + BUCKETS + " buckets, not "
                    + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("bucket counts must not be negative");
            }
        }
        if (totalNanos < 0) {
            throw new IllegalArgumentException("totalNanos must not be negative");
        }
        return new LatencyHistogram(counts.clone(), totalNanos);
    }

    /**
     * The histogram with nothing recorded.
     *
     * @return an empty histogram
     */
    public static LatencyHistogram empty() {
        return EMPTY;
    }

    /**
     * The bucket a value falls in.
     *
     * @param nanos a latency in nanoseconds; negative values count as 0
     * @return the bucket index, from 0 to {@link #BUCKETS} - 1
     */
    public static int bucketOf(long nanos) {
        if (nanos < FIRST_BOUND_NANOS) {
            return 0;
        }
        int msb = 63 - Long.numberOfLeadingZeros(nanos);
        if (msb >= MAX_SHIFT) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (msb - 2)) & (SUB_BUCKETS - 1);
        return 1 + (msb - MIN_SHIFT) * SUB_BUCKETS + sub;
    }

    /**
     * The smallest value of a bucket.
     *
     * @param bucket the bucket index
     * @return its inclusive lower bound in nanoseconds
     * @throws IndexOutOfBoundsException if {@code bucket} is not between 0 and {@link #BUCKETS} - 1
     */
    public static long bucketLowerBoundNanos(int bucket) {
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IndexOutOfBoundsException("bucket " + bucket);
        }
        if (bucket == 0) {
            return 0;
        }
        if (bucket == BUCKETS - 1) {
            return 1L << MAX_SHIFT;
        }
        int msb = MIN_SHIFT + (bucket - 1) / SUB_BUCKETS;
        int sub = (bucket - 1) % SUB_BUCKETS;
        return (1L << msb) + sub * (1L << (msb - 2));
    }

    /**
     * The bound above a bucket.
     *
     * @param bucket the bucket index
     * @return its exclusive upper bound in nanoseconds; {@link Long#MAX_VALUE} for the last bucket
     * @throws IndexOutOfBoundsException if {@code bucket} is not between 0 and {@link #BUCKETS} - 1
     */
    public static long bucketUpperBoundNanos(int bucket) {
        if (bucket == BUCKETS - 1) {
            return Long.MAX_VALUE;
        }
        return bucketLowerBoundNanos(bucket + 1);
    }

    /**
     * How many values were recorded.
     *
     * @return the number of values
     */
    public long count() {
        return count;
    }

    /**
     * The sum of all recorded values.
     *
     * @return the total, in nanoseconds
     */
    public long totalNanos() {
        return totalNanos;
    }

    /**
     * How many values fell in one bucket.
     *
     * @param bucket the bucket index
     * @return its count
     * @throws IndexOutOfBoundsException if {@code bucket} is not between 0 and {@link #BUCKETS} - 1
     */
    public long countInBucket(int bucket) {
        return counts[bucket];
    }

    /**
     * The mean of the recorded values.
     *
     * @return the mean, {@link Duration#ZERO} when nothing was recorded
     */
    public Duration mean() {
        return count == 0 ? Duration.ZERO : Duration.ofNanos(totalNanos / count);
    }

    /**
     * An estimate of a quantile: the value below which a fraction {@code q} of the recorded values lie,
     * interpolated linearly within its bucket (the values in a bucket are taken as spread evenly over it, each
     * at the middle of its share: one value alone is estimated at the bucket's middle).
     *
     * @param q the fraction, from 0 to 1 (0.5 is the median, 0.99 the 99th percentile)
     * @return the estimate, {@link Duration#ZERO} when nothing was recorded; for values in the last bucket,
     *     its lower bound
     * @throws IllegalArgumentException if {@code q} is not between 0 and 1
     */
    public Duration quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, not " + q);
        }
        if (count == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts[i];
            if (c == 0) {
                continue;
            }
            if (seen + c >= rank) {
                long lo = bucketLowerBoundNanos(i);
                if (i == BUCKETS - 1) {
                    return Duration.ofNanos(lo);
                }
                long width = bucketUpperBoundNanos(i) - lo;
                return Duration.ofNanos(lo + (long) (width * ((rank - seen - 0.5) / c)));
            }
            seen += c;
        }
        return Duration.ofNanos(bucketLowerBoundNanos(BUCKETS - 1)); // not reached: rank <= count
    }

    /**
     * The histogram of the values recorded after {@code earlier} was taken: this minus {@code earlier},
     * bucket by bucket (for rates over an interval).
     *
     * @param earlier a snapshot of the same histogram taken before this one
     * @return the difference; buckets that would be negative count 0
     */
    public LatencyHistogram minus(LatencyHistogram earlier) {
        long[] d = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new LatencyHistogram(d, Math.max(0, totalNanos - earlier.totalNanos));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram && ((LatencyHistogram) o).totalNanos == totalNanos
                && Arrays.equals(((LatencyHistogram) o).counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(totalNanos);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count + ", p50=" + quantile(0.5) + ", p99=" + quantile(0.99)
                + ", mean=" + mean() + "]";
    }
}
