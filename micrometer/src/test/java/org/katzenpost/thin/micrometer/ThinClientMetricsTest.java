package org.katzenpost.thin.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.KpclientdSimulator;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.ReconnectDelay;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.internal.Futures;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.RequestKind;

/** The binding against a SimpleMeterRegistry and the testkit simulator. */
class ThinClientMetricsTest {
    private KpclientdSimulator sim;
    private ThinClient client;
    private PigeonholeClient ph;
    private SimpleMeterRegistry registry;
    private ThinClientMetrics metrics;

    @BeforeEach
    void start() {
        sim = KpclientdSimulator.builder().tcp().start();
        client = ThinClient.connect(sim.thinClientConfigBuilder()
                .reconnectDelay(ReconnectDelay.constant(Duration.ofMillis(50))).build());
        ph = client.pigeonhole().withTimeout(Duration.ofSeconds(10));
        registry = new SimpleMeterRegistry();
        metrics = new ThinClientMetrics(client, Tags.of("client", "test"), Duration.ZERO);
        metrics.bindTo(registry);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
        registry.close();
    }

    private double calls(String kind, String outcome, String exception, String errorCode) {
        FunctionCounter c = registry.find("katzenpost.thin.calls")
                .tags("client", "test", "kind", kind, "outcome", outcome, "exception", exception,
                        "error_code", errorCode)
                .functionCounter();
        assertThat(c).as("calls{kind=%s,outcome=%s,exception=%s,error_code=%s}", kind, outcome, exception,
                errorCode).isNotNull();
        return c.count();
    }

    @Test
    void baseMetersExistAtOnceAndKindMetersOnceCalled() {
        assertThat(registry.find("katzenpost.thin.reconnects").tags("client", "test").functionCounter()).isNotNull();
        assertThat(registry.find("katzenpost.thin.frames.malformed").functionCounter().count()).isZero();
        assertThat(registry.find("katzenpost.thin.events.dropped").functionCounter()).isNotNull();
        assertThat(registry.find("katzenpost.thin.calls").meters()).isEmpty();

        ph.sync().newKeypair(PigeonholeClient.randomSeed());
        metrics.refresh();
        assertThat(calls("new_keypair", "completed", "none", "0")).isEqualTo(1.0);
        FunctionTimer latency = registry.find("katzenpost.thin.call.latency").tags("kind", "new_keypair")
                .functionTimer();
        assertThat(latency.count()).isEqualTo(1.0);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        TimeGauge p99 = registry.find("katzenpost.thin.call.latency.quantile")
                .tags("kind", "new_keypair", "quantile", "0.99").timeGauge();
        assertThat(p99.value(TimeUnit.NANOSECONDS)).isPositive();
        Gauge inFlight = registry.find("katzenpost.thin.calls.in.flight").tags("kind", "new_keypair").gauge();
        assertThat(inFlight.value()).isZero();
    }

    @Test
    void failuresAreTaggedByErrorCodeAndException() {
        Keypair k = ph.sync().newKeypair(PigeonholeClient.randomSeed());
        sim.failNext(RequestKind.NEXT_MESSAGE_BOX_INDEX, ThinErrorCode.INVALID_REQUEST);
        assertThatThrownBy(() -> ph.sync().nextMessageBoxIndex(k.firstIndex()))
                .isInstanceOf(DaemonErrorException.class);
        sim.delay(RequestKind.GET_DIRECTORY_AUTHORITIES, Duration.ofSeconds(2));
        CompletableFuture<?> f = client.fetchDirectoryAuthorities(Duration.ofMillis(300));
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOf(RequestTimeoutException.class);

        // a read of a base meter registers the meters of what appeared since the last read
        registry.find("katzenpost.thin.reconnects").functionCounter().count();
        assertThat(calls("next_message_box_index", "error_reply", "none", "3")).isEqualTo(1.0);
        assertThat(calls("next_message_box_index", "completed", "none", "0")).isZero();
        assertThat(calls("get_directory_authorities", "failed", "RequestTimeoutException", "none")).isEqualTo(1.0);
        assertThat(registry.find("katzenpost.thin.call.latency").tags("kind", "get_directory_authorities")
                .functionTimer().count()).as("no reply, no latency").isZero();
    }

    @Test
    void reconnectsAreCounted() throws Exception {
        FunctionCounter reconnects = registry.find("katzenpost.thin.reconnects").functionCounter();
        sim.dropAllConnections();
        assertThat(sim.await(() -> reconnects.count() == 1.0, Duration.ofSeconds(10))).isTrue();
        assertThat(registry.find("katzenpost.thin.disconnects").functionCounter().count()).isEqualTo(1.0);
    }

    /** Calls started are counted per kind. */
    @Test
    void callsStartedAreCounted() {
        ph.sync().newKeypair(PigeonholeClient.randomSeed());
        ph.sync().newKeypair(PigeonholeClient.randomSeed());
        metrics.refresh();
        assertThat(registry.find("katzenpost.thin.calls.started").tags("kind", "new_keypair").functionCounter()
                .count()).isEqualTo(2.0);
    }

    /**
     * Each kind of open event consumer has gauges of how many are open, their queued events and their drops; a
     * closed one leaves them.
     */
    @Test
    void eventConsumersHaveGaugesByConsumerAndEventType() throws InterruptedException {
        EventSubscription<ThinClientEvent> never = client.subscribe(ThinClientEvent.class, 1,
                OverflowPolicy.DROP_OLDEST);
        metrics.refresh();
        Gauge open = registry.find("katzenpost.thin.event.consumers")
                .tags("client", "test", "consumer", "subscription", "event_type", "ThinClientEvent").gauge();
        Gauge queued = registry.find("katzenpost.thin.event.consumers.queued")
                .tags("consumer", "subscription", "event_type", "ThinClientEvent").gauge();
        Gauge dropped = registry.find("katzenpost.thin.event.consumers.dropped")
                .tags("consumer", "subscription", "event_type", "ThinClientEvent").gauge();
        assertThat(open.value()).isEqualTo(1.0);
        assertThat(queued.value()).isZero();

        sim.dropAllConnections(); // a disconnect, a reconnect and the document: more than the queue of 1 holds
        assertThat(sim.await(() -> dropped.value() >= 1.0, Duration.ofSeconds(10))).isTrue();
        assertThat(queued.value()).isEqualTo(1.0);
        assertThat(registry.find("katzenpost.thin.events.dropped").functionCounter().count())
                .isGreaterThanOrEqualTo(dropped.value());

        never.close();
        assertThat(open.value()).isZero();
        assertThat(dropped.value()).isZero();
    }

    /**
     * A registry that outlives its client does not keep it alive (the meters and the binder hold it weakly): once
     * the application drops the client it is collected, and its gauges read NaN.
     */
    @Test
    void aRegistryDoesNotKeepADroppedClientAlive() throws InterruptedException {
        SimpleMeterRegistry outliving = new SimpleMeterRegistry();
        WeakReference<ThinClient> dropped = bindUseAndDrop(outliving);
        assertThat(sim.await(() -> {
            System.gc();
            return dropped.get() == null;
        }, Duration.ofSeconds(30))).as("the dropped client is collected while its meters are registered").isTrue();
        // as Micrometer's function meters do: gauges read NaN, counters keep their last value
        assertThat(outliving.find("katzenpost.thin.calls.in.flight").tags("kind", "new_keypair").gauge().value())
                .isNaN();
        assertThat(outliving.find("katzenpost.thin.calls").tags("kind", "new_keypair", "outcome", "completed")
                .functionCounter().count()).isEqualTo(1.0);
        outliving.close();
    }

    /** A client bound to {@code r} that made one call, closed and no longer referenced but through the result. */
    private WeakReference<ThinClient> bindUseAndDrop(SimpleMeterRegistry r) {
        ThinClient c = ThinClient.connect(sim.thinClientConfigBuilder().build());
        ThinClientMetrics m = new ThinClientMetrics(c, Tags.empty(), Duration.ZERO);
        m.bindTo(r);
        c.pigeonhole().sync().newKeypair(PigeonholeClient.randomSeed());
        m.refresh();
        assertThat(r.find("katzenpost.thin.calls").tags("kind", "new_keypair", "outcome", "completed")
                .functionCounter().count()).isEqualTo(1.0);
        c.close();
        return new WeakReference<>(c);
    }

    @Test
    void oneBinderServesOneRegistry() {
        assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ThinClientMetrics(client, Tags.empty(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThinClientMetrics(client, Tags.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("snapshotMaxAge");
        // a "forever" beyond the nanosecond range is accepted (a century)
        assertThatCode(() -> new ThinClientMetrics(client, Tags.empty(), Duration.ofSeconds(Long.MAX_VALUE)))
                .doesNotThrowAnyException();
    }
}
