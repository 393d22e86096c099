package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.testkit.Misbehaviour;
import org.katzenpost.testkit.SocketPolicy;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.stats.RequestKind;

/**
 * A daemon that stops in the middle of a frame (docs/reliability.md, "Bounded reads"): after the stall limit the
 * connection is dropped and the client reconnects, instead of every call timing out on a connection that still
 * looks up.
 */
class StalledDaemonTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void aFrameThatStopsHalfwayDropsTheConnectionAfterTheStallLimitAndTheClientReconnects() throws Exception {
        List<DaemonDisconnectedEvent> lost = new CopyOnWriteArrayList<>();
        try (KpclientdSimulator d = KpclientdSimulator.builder().tcp().start();
                ThinClient c = ThinClient.connect(d.thinClientConfigBuilder()
                        .writeStallTimeout(Duration.ofMillis(300))
                        .on(DaemonDisconnectedEvent.class, lost::add).build())) {
            d.whenNext(RequestKind.GET_DIRECTORY_AUTHORITIES, SocketPolicy.NO_RESPONSE);
            CompletableFuture<?> f = c.fetchDirectoryAuthorities(Duration.ofMinutes(5));
            d.awaitRequest(RequestKind.GET_DIRECTORY_AUTHORITIES, T);
            // announces 40 MiB, sends one byte of it, then nothing; the socket stays open
            d.connections().get(0).perform(Misbehaviour.rawBytes(new byte[] {0x02, (byte) 0x80, 0, 0, (byte) 0xA1}));

            await().atMost(T).until(() -> !lost.isEmpty());
            assertThat(lost.get(0).reason()).contains("in the middle of a frame");
            await().atMost(T).until(() -> d.connectionCount() == 2 && c.isDaemonConnected());
            // the call waiting for its reply was re-sent on the new connection, and answered
            assertThat(f.get(T.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        }
    }
}
