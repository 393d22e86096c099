package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.internal.wire.Requests.Request;

/** What close() and disconnect() write before they leave (docs/reliability.md). */
class CloseTest {
    private static final Destination SOMEWHERE = Destination.of(new byte[32], "echo");

    /** Records every request until the client goes. */
    private static ScriptedDaemon.Script recording(List<String> kinds, CompletableFuture<Void> ended) {
        return p -> {
            p.handshake(true);
            try {
                Request r;
                while ((r = p.receive()) != null) {
                    kinds.add(r.wireKey());
                }
            } finally {
                ended.complete(null);
            }
        };
    }

    private static java.util.Set<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.matches("katzenpost-thin-\\d+-.*")).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aConnectedClientThatIsNotUsedHoldsOnlyItsReaderThread() throws Exception {
        List<String> kinds = new CopyOnWriteArrayList<>();
        try (ScriptedDaemon d = new ScriptedDaemon(recording(kinds, new CompletableFuture<>()))) {
            java.util.Set<String> before = clientThreads();
            try (ThinClient c = ThinClient.connect(d.config().build())) {
                java.util.Set<String> mine = clientThreads();
                mine.removeAll(before);
                assertThat(mine).hasSize(1).allMatch(n -> n.endsWith("-reader"));
            }
        }
    }

    @Test
    void aMessageSentJustBeforeCloseGoesOutBeforeThinClose() throws Exception {
        List<String> kinds = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (ScriptedDaemon d = new ScriptedDaemon(recording(kinds, ended))) {
            ThinClient c = ThinClient.connect(d.config().build());
            for (int i = 0; i < 5000; i++) { // many, so that some are still queued when close() starts
                c.sendMessageWithoutReply(new byte[] {(byte) i}, SOMEWHERE);
            }
            c.close();
            ended.get(5, TimeUnit.SECONDS);
        }
        assertThat(kinds).hasSize(5001).endsWith("thin_close");
        assertThat(kinds.subList(0, 5000)).containsOnly("send_message");
    }

    @Test
    void disconnectWritesWhatWasQueuedAndNoThinClose() throws Exception {
        List<String> kinds = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (ScriptedDaemon d = new ScriptedDaemon(recording(kinds, ended))) {
            ThinClient c = ThinClient.connect(d.config().build());
            for (int i = 0; i < 20; i++) {
                c.sendMessageWithoutReply(new byte[] {(byte) i}, SOMEWHERE);
            }
            CompletableFuture<?> call = c.fetchDirectoryAuthorities(Duration.ofSeconds(30));
            c.disconnect();
            assertThat(call).isCompletedExceptionally();
            ended.get(5, TimeUnit.SECONDS);
        }
        assertThat(kinds).hasSize(21).doesNotContain("thin_close").endsWith("get_directory_authorities");
    }
}
