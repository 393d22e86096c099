package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.stats.RequestKind;

/** What close() and disconnect() write before they leave (docs/reliability.md), and which threads outlive them. */
class CloseTest {
    private static final Destination SOMEWHERE = Destination.of(new byte[32], "echo");

    private static KpclientdSimulator daemon() {
        return KpclientdSimulator.builder().tcp().noPkiDocument().start();
    }

    private static ThinClientConfig.Builder config(KpclientdSimulator d) {
        return d.thinClientConfigBuilder().reconnect(false);
    }

    /** The wire names of the requests after the handshake, once the client's only connection has ended. */
    private static List<String> requestsUntilTheClientWent(KpclientdSimulator d) throws InterruptedException {
        assertThat(d.await(() -> d.connections().stream().noneMatch(SimulatedConnection::isOpen),
                Duration.ofSeconds(5))).as("the client's connection ended").isTrue();
        return d.requests().stream().map(RecordedRequest::wireName).filter(k -> !k.equals("session_token")).toList();
    }

    /**
     * The live threads, whatever their names, leaving out only the JVM-wide workers and timer that clients borrow
     * while they idle in their pool: those outlive every client by design and end on their own (SharedThreads;
     * docs/performance.md, "Connect and CPU per call"). A borrowed one is counted while a client uses it.
     */
    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !idleSharedThread(t))
                .collect(Collectors.toSet());
    }

    /** The threads of {@link #liveThreads()} that were not among {@code before}. */
    private static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = liveThreads();
        now.removeAll(before);
        return now;
    }

    private static boolean idleSharedThread(Thread t) {
        return t.getName().matches("katzenpost-(worker|timer)-\\d+") && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(ThreadPoolExecutor.class.getName())
                        && f.getMethodName().equals("getTask"));
    }

    /** A thread running the simulator's code: the daemon's side of the connection, not the client's. */
    private static boolean simulatorThread(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("org.katzenpost.testkit."));
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }

    @Test
    void aConnectedClientHoldsOnlyItsReaderThreadAndAClosedOneNone() throws Exception {
        // Taken before the simulator starts, so that its threads count too at the end; every wait polls on this
        // thread, as a poller thread of its own would count as started.
        Set<Thread> before = liveThreads();
        try (KpclientdSimulator d = daemon()) {
            try (ThinClient c = ThinClient.connect(config(d).build())) {
                // The reader is a shared worker that takes the reader's name once it runs, which may be just after
                // connect() returns: wait for it, then check that nothing else of the client's stays alive.
                await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> startedSince(before).stream()
                        .anyMatch(t -> t.getName().endsWith("-reader") && !simulatorThread(t)));
                await().pollInSameThread().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(names(startedSince(before).stream().filter(t -> !simulatorThread(t))
                                .collect(Collectors.toSet())))
                                .as("threads the client started").singleElement().asString()
                                .matches("katzenpost-thin-\\d+-reader"));
            }
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(names(startedSince(before)))
                .as("threads alive after close that were not before the client and simulator started").isEmpty());
    }

    @Test
    void aMessageSentJustBeforeCloseGoesOutBeforeThinClose() throws Exception {
        List<String> kinds;
        try (KpclientdSimulator d = daemon()) {
            ThinClient c = ThinClient.connect(config(d).build());
            for (int i = 0; i < 5000; i++) { // many, so that some are still queued when close() starts
                c.sendMessageWithoutReply(new byte[] {(byte) i}, SOMEWHERE);
            }
            c.close();
            kinds = requestsUntilTheClientWent(d);
        }
        assertThat(kinds).hasSize(5001).endsWith("thin_close");
        assertThat(kinds.subList(0, 5000)).containsOnly("send_message");
    }

    @Test
    void disconnectWritesWhatWasQueuedAndNoThinClose() throws Exception {
        List<String> kinds;
        try (KpclientdSimulator d = daemon()) {
            d.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.NO_RESPONSE); // in flight at disconnect
            ThinClient c = ThinClient.connect(config(d).build());
            for (int i = 0; i < 20; i++) {
                c.sendMessageWithoutReply(new byte[] {(byte) i}, SOMEWHERE);
            }
            CompletableFuture<?> call = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            c.disconnect();
            assertThat(call).isCompletedExceptionally();
            kinds = requestsUntilTheClientWent(d);
        }
        assertThat(kinds).hasSize(21).doesNotContain("thin_close").endsWith("get_directory_authorities");
    }

    @Test
    void closeFromAListenerReturnsAtOnceAndLeavesItUninterrupted() throws Exception {
        try (KpclientdSimulator d = daemon()) {
            ThinClient c = ThinClient.connect(config(d).build());
            CompletableFuture<long[]> seen = new CompletableFuture<>();
            c.addListener(ConnectionStatusEvent.class, e -> {
                long t0 = System.nanoTime();
                c.close(); // must not wait for its own thread (before: 5 s, then it interrupted itself)
                seen.complete(new long[] {(System.nanoTime() - t0) / 1_000_000,
                        Thread.currentThread().isInterrupted() ? 1 : 0});
            });
            d.setMixnetConnected(false);
            long[] r = seen.get(20, TimeUnit.SECONDS);
            assertThat(r[0]).as("ms in close(), far below the 5 s of waiting for itself").isLessThan(2500);
            assertThat(r[1]).as("listener thread interrupted").isZero();
            assertThat(c.isDaemonConnected()).isFalse();
        }
    }
}
