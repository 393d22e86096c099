package org.katzenpost.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.EventConsumerStatistics;
import org.katzenpost.thin.stats.RequestKind;
import org.katzenpost.thin.stats.RequestStatistics;

/** ThinClient.statistics() against the simulator: every counter moved by the event it counts. */
class StatisticsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private KpclientdSimulator sim;
    private ThinClient client;
    private PigeonholeClient ph;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().tcp().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder()
                .requestTimeout(Duration.ofSeconds(10))
                .reconnectDelay(ReconnectDelay.constant(Duration.ofMillis(50)))
                .build());
        ph = client.pigeonhole().withTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void aNewClientHasCountedNothing() {
        ClientStatistics s = client.statistics();
        assertThat(s.requests()).isEmpty();
        assertThat(s.callsInFlight()).isZero();
        assertThat(s.request(RequestKind.ENCRYPT_READ)).isEqualTo(RequestStatistics.none(RequestKind.ENCRYPT_READ));
        assertThat(s.reconnects()).isZero();
        assertThat(s.malformedFrames()).isZero();
    }

    @Test
    void repliesAreCountedPerKindWithTheirErrorCodesAndLatencies() {
        Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
        ph.sync().newKeypair(PigeonholeClient.randomSeed());
        MessageBoxIndex next = ph.sync().nextMessageBoxIndex(k.firstIndex());
        ph.sync().nextMessageBoxIndex(next);
        sim.failNext(RequestKind.NEXT_MESSAGE_BOX_INDEX, ThinErrorCode.INTERNAL_ERROR);
        assertThatThrownBy(() -> ph.sync().nextMessageBoxIndex(next)).isInstanceOf(DaemonErrorException.class);

        // counted before the future completed, so no waiting is needed
        ClientStatistics s = client.statistics();
        assertThat(s.requests().keySet()).containsExactly(RequestKind.NEW_KEYPAIR, RequestKind.NEXT_MESSAGE_BOX_INDEX);
        RequestStatistics keys = s.request(RequestKind.NEW_KEYPAIR);
        assertThat(keys.started()).isEqualTo(2);
        assertThat(keys.completed()).isEqualTo(2);
        assertThat(keys.failed()).isZero();
        assertThat(keys.latency().count()).isEqualTo(2);
        assertThat(keys.latency().quantile(0.5)).isPositive();
        RequestStatistics idx = s.request(RequestKind.NEXT_MESSAGE_BOX_INDEX);
        assertThat(idx.started()).isEqualTo(3);
        assertThat(idx.completed()).isEqualTo(2);
        assertThat(idx.failuresByErrorCode()).isEqualTo(Map.of(ThinErrorCode.INTERNAL_ERROR.code(), 1L));
        assertThat(idx.failuresByException()).isEmpty();
        assertThat(idx.failed()).isEqualTo(1);
        assertThat(idx.replies()).isEqualTo(3);
        assertThat(idx.latency().count()).isEqualTo(3);
        assertThat(idx.inFlight()).isZero();
        assertThat(s.completed()).isEqualTo(4);
        assertThat(s.failed()).isEqualTo(1);
        assertThatThrownBy(() -> s.requests().put(RequestKind.OTHER, keys))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void callsWithoutAReplyAreCountedByExceptionAndAreInFlightUntilThen() {
        sim.delay(RequestKind.GET_DIRECTORY_AUTHORITIES, Duration.ofSeconds(3));
        CompletableFuture<?> f = client.fetchDirectoryAuthorities(Duration.ofMillis(1500));
        assertThat(client.statistics().callsInFlight()).isEqualTo(1);
        assertThat(client.statistics().request(RequestKind.GET_DIRECTORY_AUTHORITIES).inFlight()).isEqualTo(1);
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(RequestTimeoutException.class);
        // the session's own future: the public calls return stages that depend on it
        CompletableFuture<?> cancelled = SessionAccess.of(client).call(
                new Requests.GetDirectoryAuthorities(QueryId.random().toBytes()),
                org.katzenpost.thin.internal.wire.Responses.GetDirectoryAuthoritiesReply.class,
                Duration.ofSeconds(10), org.katzenpost.thin.internal.session.Reissue.NEVER);
        assertThat(cancelled.cancel(false)).isTrue();

        RequestStatistics s = client.statistics().request(RequestKind.GET_DIRECTORY_AUTHORITIES);
        assertThat(s.started()).isEqualTo(2);
        assertThat(s.inFlight()).isZero();
        assertThat(s.completed()).isZero();
        assertThat(s.failuresByException()).isEqualTo(Map.of(
                "RequestTimeoutException", 1L, "CancellationException", 1L));
        assertThat(s.latency().count()).as("no reply, no latency").isZero();
        assertThat(client.statistics().callsInFlight()).isZero();
    }

    @Test
    void sendMessageIsCountedAndDropsArePerSubscription() throws Exception {
        Destination echo = client.getService("echo").toDestination();
        try (EventSubscription<MessageReplyEvent> sub = client.subscribe(MessageReplyEvent.class, 1,
                OverflowPolicy.DROP_OLDEST)) {
            for (int i = 0; i < 3; i++) {
                Futures.await(client.sendMessage(SurbId.random(), "ping".getBytes(StandardCharsets.UTF_8), echo));
            }
            ClientStatistics s = client.statistics();
            RequestStatistics send = s.request(RequestKind.SEND_MESSAGE);
            assertThat(send.completed()).isEqualTo(3);
            assertThat(send.latency().count()).isEqualTo(3);
            assertThat(sim.await(() -> subscriptionDrops(client.statistics()) == 2, WAIT)).isTrue();
            EventConsumerStatistics mine = client.statistics().eventConsumers().stream()
                    .filter(c -> c.consumer().equals("subscription")).findFirst().orElseThrow();
            assertThat(mine.eventType()).isEqualTo("MessageReplyEvent");
            assertThat(mine.capacity()).isEqualTo(1);
            assertThat(mine.queued()).isEqualTo(1);
            assertThat(mine.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        }
        // closed consumers leave the list but their drops stay in the total
        ClientStatistics after = client.statistics();
        assertThat(after.eventConsumers()).noneMatch(c -> c.consumer().equals("subscription"));
        assertThat(after.eventsDropped()).isGreaterThanOrEqualTo(2);
    }

    private static long subscriptionDrops(ClientStatistics s) {
        return s.eventConsumers().stream().filter(c -> c.consumer().equals("subscription"))
                .mapToLong(EventConsumerStatistics::dropped).sum();
    }

    @Test
    void disconnectsAndReconnectsAreCounted() throws Exception {
        sim.dropAllConnections();
        assertThat(sim.await(() -> client.statistics().reconnects() == 1, WAIT)).isTrue();
        assertThat(client.statistics().disconnects()).isEqualTo(1);
    }

    @Test
    void concurrentCallsAreAllCounted() throws Exception {
        Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    List<CompletableFuture<MessageBoxIndex>> fs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        fs.add(ph.nextMessageBoxIndex(k.firstIndex()));
                    }
                    fs.forEach(CompletableFuture::join);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        RequestStatistics s = client.statistics().request(RequestKind.NEXT_MESSAGE_BOX_INDEX);
        assertThat(s.started()).isEqualTo(threads * perThread);
        assertThat(s.completed()).isEqualTo(threads * perThread);
        assertThat(s.latency().count()).isEqualTo(threads * perThread);
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void theBenchmarkSwitchTurnsRecordingOff() {
        System.setProperty(StatisticsRecorder.DISABLE_PROPERTY, "true");
        try (ThinClient quiet = ThinClient.connect(sim.thinClientConfig())) {
            System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
            quiet.pigeonhole().sync().newKeypair(PigeonholeClient.randomSeed());
            assertThat(quiet.statistics().requests()).isEmpty();
        } finally {
            System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
        }
    }
}
