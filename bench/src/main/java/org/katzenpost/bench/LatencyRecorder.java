package org.katzenpost.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-request latencies, recorded from any thread without locks into a fixed array (samples past its capacity
 * are dropped), and exact percentiles by sorting a copy. No HdrHistogram: the figures are exact, and one
 * iteration of a benchmark records at most a few million samples.
 */
public final class LatencyRecorder {
    private final long[] samples;
    private final AtomicInteger count = new AtomicInteger();

    public LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    public void record(long nanos) {
        int i = count.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    public void reset() {
        count.set(0);
    }

    public int count() {
        return Math.min(count.get(), samples.length);
    }

    /** Sorted copy of what was recorded. */
    public long[] sorted() {
        long[] s = Arrays.copyOf(samples, count());
        Arrays.sort(s);
        return s;
    }

    /** The q-quantile (0..1) of sorted samples, nearest rank; NaN-free: 0 for no samples. */
    public static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public String summary() {
        long[] s = sorted();
        return String.format("n=%d p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus", s.length,
                quantile(s, 0.50) / 1e3, quantile(s, 0.99) / 1e3, quantile(s, 0.999) / 1e3,
                s.length == 0 ? 0.0 : s[s.length - 1] / 1e3);
    }
}
