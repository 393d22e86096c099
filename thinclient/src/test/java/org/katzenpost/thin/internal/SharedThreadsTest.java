package org.katzenpost.thin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.slf4j.LoggerFactory;

class SharedThreadsTest {
    private static SharedThreads.HorizonTimer timer(String name) {
        return SharedThreads.newTimer(r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
    }

    /** Voluntary context switches of the thread named {@code name} (Linux), i.e. how often it parked and woke. */
    private static long switchesOf(String name) throws IOException {
        for (File task : new File("/proc/self/task").listFiles()) {
            String comm;
            try {
                comm = Files.readString(task.toPath().resolve("comm")).trim();
            } catch (NoSuchFileException ended) {
                continue; // another thread of this JVM ended since the listing (an idle pool thread, say)
            }
            if (comm.equals(name)) {
                for (String line : Files.readAllLines(task.toPath().resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        return Long.parseLong(line.split("\\s+")[1]);
                    }
                }
            }
        }
        throw new AssertionError("no thread named " + name);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void deadlinesScheduledFarAheadAndCancelledDoNotWakeTheTimerThread() throws Exception {
        SharedThreads.HorizonTimer t = timer("horizon-test");
        try {
            t.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS); // starts the thread
            t.schedule(() -> { }, 30, TimeUnit.SECONDS).cancel(false); // queues the horizon: one wake-up
            Thread.sleep(50); // lets that one wake-up happen before counting: it cannot be observed otherwise
            long before = switchesOf("horizon-test");
            for (int i = 0; i < 500; i++) {
                ScheduledFuture<?> deadline = t.schedule(() -> { }, 30, TimeUnit.SECONDS);
                Thread.sleep(0, 200_000); // pacing is the behaviour: deadlines set and cancelled as calls do
                deadline.cancel(false);
            }
            long woken = switchesOf("horizon-test") - before;
            // without the horizon each schedule became the earliest task and woke the thread: about 500
            assertThat(woken).as("timer wake-ups for 500 far deadlines in about 0.1-0.5 s").isLessThan(50);
            assertThat(t.getQueue()).as("only the horizon is left").hasSize(1);
        } finally {
            t.shutdownNow();
        }
    }

    @Test
    void tasksStillRunOnTimeAndTheHorizonEndsWhenFarTasksStop() throws Exception {
        SharedThreads.HorizonTimer t = timer("horizon-test-2");
        try {
            long t0 = System.nanoTime();
            CountDownLatch far = new CountDownLatch(1);
            t.schedule(far::countDown, 1500, TimeUnit.MILLISECONDS);
            assertThat(t.horizonQueued()).isTrue();
            CountDownLatch near = new CountDownLatch(1);
            t.schedule(near::countDown, 10, TimeUnit.MILLISECONDS);
            assertThat(near.await(1, TimeUnit.SECONDS)).as("a near task behind the horizon runs at once").isTrue();
            assertThat(far.await(5, TimeUnit.SECONDS)).isTrue();
            // not early (a late run on a loaded machine is only slow, and the await above bounds it)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            // no far task since: the horizon stops within three periods, so an idle timer thread can end
            await().atMost(Duration.ofSeconds(5)).until(() -> !t.horizonQueued());
            await().atMost(Duration.ofSeconds(2)).until(() -> t.getQueue().isEmpty());
        } finally {
            t.shutdownNow();
        }
    }

    @Test
    void whatEscapesATaskIsLoggedNotPrinted() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SharedThreads.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Thread t = SharedThreads.daemonThreads("uncaught-test-").newThread(() -> {
                throw new AssertionError("secret listener data");
            });
            assertThat(t.getUncaughtExceptionHandler()).as("a handler of its own").isNotSameAs(t.getThreadGroup());
            t.start();
            t.join(5000);
            assertThat(t.isAlive()).isFalse();
        } finally {
            System.setErr(err);
            logger.detachAppender(logs);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("nothing printed to stderr").isEmpty();
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("java.lang.AssertionError", "uncaught-test-1")
                    .doesNotContain("secret");
            assertThat(e.getThrowableProxy()).isNull();
        });
        assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    /** The threads the library starts by themselves (completions while closing, reconnects) log what escapes too. */
    @Test
    void aThreadOfItsOwnHasTheSameHandler() {
        Thread t = SharedThreads.daemonThread("katzenpost-test-own", () -> {});
        assertThat(t.getUncaughtExceptionHandler()).isSameAs(SharedThreads.UNCAUGHT);
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("katzenpost-test-own");
    }
}
