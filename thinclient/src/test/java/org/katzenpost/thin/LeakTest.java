package org.katzenpost.thin;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.internal.session.Session;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.stats.RequestKind;

/** Connect/close cycles leave no thread, socket or file descriptor behind; close() fails in-flight calls. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LeakTest {

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("katzenpost-thin-")).count();
    }

    /** The JVM-wide workers and timer that clients borrow (SharedThreads): they outlive clients, but do not pile up. */
    private static long sharedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().startsWith("katzenpost-worker-")
                        || t.getName().startsWith("katzenpost-timer-"))).count();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thousandConnectCloseCyclesLeaveNothingBehind() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            ThinClientConfig cfg = sim.thinClientConfigBuilder().build();
            // Warm up class loading and the simulator's own pools before taking the baseline.
            for (int i = 0; i < 20; i++) {
                ThinClient.connect(cfg).close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> clientThreads() == 0); // the warm-up's threads gone
            long fdsBefore = openFileDescriptors();
            long sharedBefore = sharedThreads(); // earlier tests' idle workers stay up to 60 s
            for (int i = 0; i < 1000; i++) {
                try (ThinClient c = ThinClient.connect(cfg)) {
                    if (i % 100 == 0) {
                        c.sync().fetchDirectoryAuthorities();
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(clientThreads()).as("client threads alive after 1000 cycles").isZero();
                // one client at a time needs a reader, a callback and a timer; a few more while a closed client's
                // reader and tasks are still returning to the pool
                assertThat(sharedThreads()).as("shared worker and timer threads after 1000 cycles (before: %d)",
                        sharedBefore).isLessThanOrEqualTo(sharedBefore + 16);
                assertThat(openFileDescriptors()).as("file descriptors after 1000 cycles (before: %d)", fdsBefore)
                        .isLessThanOrEqualTo(fdsBefore + 5);
            });
            System.out.println("FIGURE leak.cycles=1000 fds.before=" + fdsBefore + " fds.after=" + openFileDescriptors());
        }
    }

    /**
     * A closed client that made a call (which arms its connection's write-stall check on the shared timer, for the
     * write-stall limit) can be collected at once: before, every closed session stayed reachable from the timer
     * for 30 s, and a connect/close loop kept thousands alive with their 64 KiB buffers.
     */
    @Test
    void aClosedClientIsNotHeldByTheSharedTimer() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            ThinClientConfig cfg = sim.thinClientConfigBuilder().writeStallTimeout(Duration.ofMinutes(5)).build();
            WeakReference<Session> session = connectCallAndClose(cfg);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                return session.get() == null;
            });
        }
    }

    /** In its own frame, so that no local variable of the test keeps the client. */
    private static WeakReference<Session> connectCallAndClose(ThinClientConfig cfg) {
        ThinClient c = ThinClient.connect(cfg);
        c.sync().fetchDirectoryAuthorities();
        WeakReference<Session> session = new WeakReference<>(SessionAccess.of(c));
        c.close();
        return session;
    }

    @Test
    void closeDuringInFlightCallsCompletesEachExceptionally() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start()) {
            sim.delay(RequestKind.GET_DIRECTORY_AUTHORITIES, Duration.ofSeconds(30));
            ThinClient c = ThinClient.connect(sim.thinClientConfigBuilder().build());
            List<CompletableFuture<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(c.fetchDirectoryAuthorities());
            }
            c.close();
            for (CompletableFuture<?> f : calls) {
                assertThat(f).failsWithin(Duration.ofSeconds(5))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(ClientClosedException.class);
            }
            assertThat(clientThreads()).isZero();
        }
    }
}
