package org.katzenpost.thin;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.event.ConnectionStatusEvent;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.internal.session.Reissue;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses;

/** Many concurrent callers and slow consumers: every reply reaches its caller exactly once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTest {

    @Test
    void sixtyFourThreadsTimesAThousandConcurrentRequests() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
                ThinClient client = ThinClient.connect(sim.thinClientConfigBuilder()
                        .requestTimeout(Duration.ofSeconds(60)).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(64);
            ConcurrentHashMap<String, AtomicInteger> completions = new ConcurrentHashMap<>();
            try {
                List<Future<List<CompletableFuture<Long>>>> perThread = new ArrayList<>();
                for (int t = 0; t < 64; t++) {
                    perThread.add(pool.submit(() -> {
                        List<CompletableFuture<Long>> mine = new ArrayList<>(1000);
                        for (int i = 0; i < 1000; i++) {
                            QueryId q = QueryId.random();
                            // The epoch asked for travels in the request and comes back in the reply: a reply
                            // delivered to the wrong caller would show a wrong epoch.
                            long epoch = 1_000_000L + (long) Thread.currentThread().getId() * 10_000 + i;
                            CompletableFuture<Long> f = SessionAccess.of(client).call(
                                    new Requests.GetPkiDocument(q.toBytes(), epoch),
                                    Responses.GetPkiDocumentReply.class, Duration.ofSeconds(60), Reissue.NEVER)
                                    .thenApply(r -> {
                                        completions.computeIfAbsent(q.toHex(), k -> new AtomicInteger())
                                                .incrementAndGet();
                                        assertThat(r.queryId()).isEqualTo(q.toBytes());
                                        return r.epoch() == epoch ? epoch : -1L;
                                    });
                            mine.add(f);
                        }
                        return mine;
                    }));
                }
                int ok = 0;
                for (Future<List<CompletableFuture<Long>>> f : perThread) {
                    for (CompletableFuture<Long> r : f.get()) {
                        assertThat(r.get(60, TimeUnit.SECONDS)).isPositive();
                        ok++;
                    }
                }
                assertThat(ok).isEqualTo(64_000);
                assertThat(completions).hasSize(64_000);
                assertThat(completions.values()).allMatch(c -> c.get() == 1);
                assertThat(SessionAccess.of(client).inFlightCalls()).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void blockedListenerDoesNotStopRepliesOrOtherListeners() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
                ThinClient client = ThinClient.connect(sim.thinClientConfigBuilder()
                        .eventQueueCapacity(1000).build())) {
            CountDownLatch release = new CountDownLatch(1);
            client.addListener(ConnectionStatusEvent.class, e -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicInteger other = new AtomicInteger();
            client.addListener(ConnectionStatusEvent.class, e -> other.incrementAndGet());
            for (int i = 0; i < 50; i++) {
                sim.setMixnetConnected(i % 2 == 1); // the link starts up: 50 changes, 50 events
            }
            // Replies still flow while one listener is stuck.
            assertThat(client.sync().fetchDirectoryAuthorities(Duration.ofSeconds(10))).isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(other.get()).isEqualTo(50));
            release.countDown();
        }
    }

    @Test
    void undrainedSubscriptionStaysAtItsBoundWhileTrafficFlows() throws Exception {
        try (KpclientdSimulator sim = KpclientdSimulator.builder().tcp().start();
                ThinClient client = ThinClient.connect(sim.thinClientConfigBuilder().build())) {
            EventSubscription<ConnectionStatusEvent> sub = client.subscribe(ConnectionStatusEvent.class, 8,
                    OverflowPolicy.DROP_OLDEST);
            for (int i = 0; i < 200; i++) {
                sim.setMixnetConnected(i % 2 == 1); // 200 changes, 200 events
            }
            client.sync().fetchDirectoryAuthorities(); // every status frame was read before this reply
            await().atMost(Duration.ofSeconds(5)).until(() -> sub.droppedCount() >= 192);
            assertThat(sub.droppedCount()).isEqualTo(192);
            int queued = 0;
            while (sub.poll(Duration.ZERO).isPresent()) {
                queued++;
            }
            assertThat(queued).isEqualTo(8);
        }
    }
}
