package org.katzenpost.thin.internal.session;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompletionsTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Completions completions = new Completions(pool, timer);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void runsEveryCompletionOffTheCallingThread() throws Exception {
        int n = 20_000;
        CountDownLatch done = new CountDownLatch(n);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        for (int i = 0; i < n; i++) {
            completions.execute(() -> {
                threads.add(Thread.currentThread());
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).doesNotContain(caller);
    }

    @Test
    void aCompletionThatWaitsForALaterOneDoesNotDeadlock() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch firstWaiting = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        completions.execute(() -> {
            try {
                firstWaiting.countDown();
                // like a dependent stage that blocks for another reply
                if (second.await(10, TimeUnit.SECONDS)) {
                    firstDone.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(firstWaiting.await(5, TimeUnit.SECONDS)).as("the first completion started").isTrue();
        completions.execute(second::countDown);
        assertThat(firstDone.await(5, TimeUnit.SECONDS)).as("the second completion ran while the first waited").isTrue();
    }

    @Test
    void manyBlockedCompletionsAllGetTheirWakeUps() throws Exception {
        int n = 50;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            completions.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                    finished.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        completions.execute(release::countDown);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(finished.get()).isEqualTo(n));
    }

    @Test
    void aThrowingCompletionDoesNotStopTheOthers() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        completions.execute(() -> {
            throw new IllegalStateException("boom (expected in this test)");
        });
        completions.execute(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
