package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.RecordedRequest;
import org.katzenpost.testkit.SimulatedConnection;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.thin.stats.RequestKind;

/** What close() and disconnect() write before they leave (docs/reliability.md). */
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

    private static java.util.Set<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.matches("katzenpost-thin-\\d+-.*")).collect(java.util.stream.Collectors.toSet());
    }

    private static java.util.Set<String> newThreads(java.util.Set<String> before) {
        java.util.Set<String> now = clientThreads();
        now.removeAll(before);
        return now;
    }

    @Test
    void aConnectedClientThatIsNotUsedHoldsOnlyItsReaderThread() throws Exception {
        try (KpclientdSimulator d = daemon()) {
            java.util.Set<String> before = clientThreads();
            try (ThinClient c = ThinClient.connect(config(d).build())) {
                // The reader is a shared worker that takes the reader's name once it runs, which may be just after
                // connect() returns: wait for it, then check that nothing else of the client's stays alive.
                await().atMost(Duration.ofSeconds(5)).until(() -> newThreads(before).stream()
                        .anyMatch(n -> n.endsWith("-reader")));
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                        .until(() -> newThreads(before).size() == 1);
                assertThat(newThreads(before)).hasSize(1).allMatch(n -> n.endsWith("-reader"));
            }
        }
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
}
