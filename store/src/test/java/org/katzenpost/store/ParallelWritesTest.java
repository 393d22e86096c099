package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelWritesTest {
    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void submitWaitsWhileTheBoundIsReached() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (ParallelWrites w = new ParallelWrites("a test", 1, 1, "test-writer-", 2)) {
            w.submit(0, () -> {
                awaitLatch(release);
                ran.incrementAndGet();
            });
            w.submit(0, ran::incrementAndGet); // queued behind the first: the bound of 2 is reached
            CompletableFuture<Void> third = CompletableFuture.runAsync(() -> w.submit(0, ran::incrementAndGet));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !third.isDone());
            release.countDown();
            third.orTimeout(30, TimeUnit.SECONDS).join();
            w.awaitAll();
            assertThat(ran).hasValue(3);
            assertThat(w.unfinished()).isZero();
        }
    }

    @Test
    void theFirstFailureIsThrownAsTheWriteThrewIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (ParallelWrites w = new ParallelWrites("a test", 2, 1, "test-writer-", 4)) {
            w.submit(0, () -> {
                throw boom;
            });
            assertThatThrownBy(w::awaitAll).isSameAs(boom);
        }
        AssertionError crash = new AssertionError("a simulated crash");
        try (ParallelWrites w = new ParallelWrites("a test", 1, 1, "test-writer-", 4)) {
            w.submit(0, () -> {
                throw crash;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> w.unfinished() == 0);
            assertThatThrownBy(() -> w.submit(0, () -> { })).as("an error stays an error").isSameAs(crash);
        }
    }

    @Test
    void aSlowWriterNeverRunsMoreThanItsShare() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowRunning = new AtomicInteger();
        AtomicInteger slowMost = new AtomicInteger();
        AtomicInteger fastDone = new AtomicInteger();
        try (ParallelWrites w = new ParallelWrites("a test", 2, 1, "test-writer-", 8)) {
            for (int i = 0; i < 3; i++) {
                w.submit(0, () -> {
                    slowMost.accumulateAndGet(slowRunning.incrementAndGet(), Math::max);
                    awaitLatch(release);
                    slowRunning.decrementAndGet();
                });
                w.submit(1, fastDone::incrementAndGet);
            }
            // with one pool for both writers, the threads freed by writer 1 would take writer 0's queued writes
            await().atMost(Duration.ofSeconds(30)).until(() -> fastDone.get() == 3);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> slowRunning.get() == 1);
            release.countDown();
            w.awaitAll();
            assertThat(slowMost).as("writes at once on the slow writer").hasValue(1);
        }
    }

    @Test
    void aFailureIsThrownWithoutWaitingForAnEarlierWriteStillRunning() {
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        try (ParallelWrites w = new ParallelWrites("a test", 2, 1, "test-writer-", 4)) {
            w.submit(0, () -> awaitLatch(release)); // submitted first, finishes last
            w.submit(1, () -> {
                throw boom;
            });
            assertThatThrownBy(w::awaitAll).isSameAs(boom);
            assertThat(w.unfinished()).as("the first write is still running").isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeStopsQueuedWrites() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        ParallelWrites w = new ParallelWrites("a test", 1, 1, "test-writer-", 3);
        w.submit(0, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close interrupts the running write
            }
        });
        w.submit(0, ran::incrementAndGet);
        w.close();
        assertThat(ran).as("the queued write never ran").hasValue(0);
    }
}
