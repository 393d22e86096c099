package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One session's share of a pool that other sessions use too: waiting for it, refusing and interrupting it. */
class SessionTasksTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final SessionTasks tasks = new SessionTasks(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void awaitTerminationWaitsForARunningTaskAndNoLonger() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tasks.execute(() -> {
            started.countDown();
            await(release);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        tasks.shutdown();
        assertThat(tasks.awaitTermination(50, TimeUnit.MILLISECONDS)).as("a task still runs").isFalse();
        release.countDown();
        assertThat(tasks.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void refusesTasksAfterShutdownAndIsThenDoneAtOnce() throws Exception {
        tasks.shutdown();
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> tasks.execute(() -> ran.set(true))).isInstanceOf(RejectedExecutionException.class);
        assertThat(tasks.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
    }

    @Test
    void aTaskAcceptedBeforeShutdownStillRuns() throws Exception {
        CountDownLatch ran = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            tasks.execute(ran::countDown);
        }
        tasks.shutdown();
        assertThat(tasks.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.getCount()).isZero();
    }

    @Test
    void interruptsOnlyItsOwnTasksAndTheInterruptDoesNotOutliveThem() throws Exception {
        SessionTasks other = new SessionTasks(pool);
        CountDownLatch otherStarted = new CountDownLatch(1);
        CountDownLatch releaseOther = new CountDownLatch(1);
        AtomicBoolean otherInterrupted = new AtomicBoolean();
        other.execute(() -> {
            otherStarted.countDown();
            try {
                releaseOther.await();
            } catch (InterruptedException e) {
                otherInterrupted.set(true);
            }
        });
        // a pool thread that reports whether the flag is still set once the session's task has returned
        AtomicReference<Boolean> flagAfterTask = new AtomicReference<>();
        SessionTasks mine = new SessionTasks(r -> new Thread(() -> {
            r.run();
            flagAfterTask.set(Thread.currentThread().isInterrupted());
        }).start());
        CountDownLatch started = new CountDownLatch(1);
        mine.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // a listener that never returns on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // ends, but leaves the flag set, as careless code does
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS) && otherStarted.await(5, TimeUnit.SECONDS)).isTrue();
        mine.shutdown();
        assertThat(mine.awaitTermination(100, TimeUnit.MILLISECONDS)).isFalse();
        mine.interruptRunning();
        assertThat(mine.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> flagAfterTask.get() != null);
        assertThat(flagAfterTask.get()).as("interrupt left on the pool thread").isFalse();
        releaseOther.countDown();
        other.shutdown();
        assertThat(other.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(otherInterrupted).as("another session's task").isFalse(); // read once that task has ended
    }

    @Test
    void aTaskThatClosesWaitsForTheOthersButNotForItselfAndDoesNotInterruptItself() throws Exception {
        CountDownLatch otherStarted = new CountDownLatch(1);
        CountDownLatch releaseOther = new CountDownLatch(1);
        tasks.execute(() -> {
            otherStarted.countDown();
            await(releaseOther);
        });
        assertThat(otherStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        tasks.execute(() -> {
            try {
                // what close() does, from a listener
                tasks.shutdown();
                boolean whileOtherRuns = tasks.awaitTermination(50, TimeUnit.MILLISECONDS);
                releaseOther.countDown();
                long t0 = System.nanoTime();
                boolean once = tasks.awaitTermination(5, TimeUnit.SECONDS);
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                tasks.interruptRunning();
                seen.complete(List.of(whileOtherRuns, once, waitedMs < 2500, Thread.currentThread().isInterrupted()));
            } catch (Throwable t) {
                seen.completeExceptionally(t);
            }
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).as("waited for the other, ended in time, well within the 5 s, interrupted")
                .containsExactly(false, true, true, false);
        assertThat(tasks.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
