package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The first occurrence and every 1000th are logged at WARN, and the count holds under concurrent callers. */
class WarnLimiterTest {
    @Test
    void warnsTheFirstAndEveryThousandthOccurrence() {
        for (long n : new long[] {1, 1000, 2000, 1_000_000}) {
            assertThat(WarnLimiter.warns(n)).as("occurrence %d", n).isTrue();
        }
        for (long n : new long[] {2, 999, 1001, 1999, 2001}) {
            assertThat(WarnLimiter.warns(n)).as("occurrence %d", n).isFalse();
        }
    }

    @Test
    void numbersOccurrencesFromOne() {
        WarnLimiter limiter = new WarnLimiter();
        assertThat(limiter.count()).isZero();
        assertThat(limiter.next()).isEqualTo(1);
        assertThat(limiter.next()).isEqualTo(2);
        assertThat(limiter.count()).isEqualTo(2);
    }

    @Test
    void countsEveryOccurrenceOfConcurrentCallersOnce() throws Exception {
        int threads = 8;
        int each = 10_000;
        WarnLimiter limiter = new WarnLimiter();
        AtomicLong warned = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        if (WarnLimiter.warns(limiter.next())) {
                            warned.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(limiter.count()).isEqualTo((long) threads * each);
        // each number is handed out once: the first and every 1000th of the 80,000 warn, once each
        assertThat(warned.get()).isEqualTo(1 + (long) threads * each / 1000);
    }
}
