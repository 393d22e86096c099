package org.katzenpost.thin.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.EventConsumerStatistics;
import org.katzenpost.thin.stats.RequestKind;
import org.katzenpost.thin.stats.RequestStatistics;

/**
 * Binds a {@link ThinClient}'s {@link ClientStatistics} to a Micrometer {@link MeterRegistry}. Every meter reads
 * the client's own counters (function counters, gauges and a function timer), so binding adds nothing to the
 * client's hot path.
 *
 * <pre>{@code
 * new ThinClientMetrics(client, Tags.of("daemon", "local")).bindTo(registry);
 * }</pre>
 *
 * <p>Meters (all with the tags given to the constructor; docs/metrics.md has the table):
 * <ul>
 *   <li>{@code katzenpost.thin.calls} (function counter), tags {@code kind} (a {@link RequestKind#wireName()}),
 *       {@code outcome} ({@code completed}, {@code error_reply} or {@code failed}), {@code exception} (the
 *       exception's simple name for {@code failed}, else {@code none}) and {@code error_code} (the reply's code
 *       for {@code error_reply}, {@code 0} for {@code completed}, {@code none} for {@code failed});</li>
 *   <li>{@code katzenpost.thin.calls.started} (function counter), tag {@code kind};</li>
 *   <li>{@code katzenpost.thin.calls.in.flight} (gauge), tag {@code kind};</li>
 *   <li>{@code katzenpost.thin.call.latency} (function timer: count and total time of the replies), tag
 *       {@code kind};</li>
 *   <li>{@code katzenpost.thin.call.latency.quantile} (time gauge), tags {@code kind} and {@code quantile}
 *       (0.5, 0.9, 0.99, 0.999): estimates over every reply since the client was created, from the client's
 *       log-scale histogram (within 25 %);</li>
 *   <li>{@code katzenpost.thin.reconnects}, {@code katzenpost.thin.disconnects},
 *       {@code katzenpost.thin.frames.malformed}, {@code katzenpost.thin.events.dropped} (function counters);</li>
 *   <li>{@code katzenpost.thin.event.consumers}, {@code katzenpost.thin.event.consumers.queued} and
 *       {@code katzenpost.thin.event.consumers.dropped} (gauges), tags {@code consumer} ({@code listener} or
 *       {@code subscription}) and {@code event_type} (the event type's simple name): how many such listeners or
 *       subscriptions are open, the events waiting in their queues and the events they dropped. Gauges, not
 *       counters: they sum the consumers open at the time, so a consumer's drops leave them when it is closed
 *       (the {@code events.dropped} counter keeps them).</li>
 * </ul>
 *
 * <p>The meters hold the client weakly, as Micrometer meters do, and so does this binder: once the application
 * drops the client, the registry does not keep it alive; once it is collected its gauges read NaN and its
 * counters and timers keep their last values (Micrometer's function meters). Meters of a kind appear once the
 * kind has been called, those of a cause (an exception or error code) once it has happened, and those of a
 * kind of event consumer once one is open: each read of a base meter (the four counters above) registers what
 * appeared since, at most once per snapshot age; {@link #refresh()} does it at once. Meters read a snapshot at most
 * {@code snapshotMaxAge} old, so one registry scrape takes one snapshot.
 */
public final class ThinClientMetrics implements MeterBinder {
    /** How old a snapshot the meters may read by default: 500 milliseconds. */
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofMillis(500);
    /** The quantiles published per kind. */
    public static final List<Double> QUANTILES = List.of(0.5, 0.9, 0.99, 0.999);

    private static final String PREFIX = "katzenpost.thin.";

    /** Weak, as the meters' own reference: a registry that outlives the client must not keep it alive. */
    private final WeakReference<ThinClient> client;
    private final Tags tags;
    private final long maxAgeNanos;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile Snapshot last;

    private record Snapshot(ClientStatistics stats, long takenNanos) {}

    /**
     * Meters for {@code client} without extra tags.
     *
     * @param client the client to observe
     * @throws NullPointerException if {@code client} is null
     */
    public ThinClientMetrics(ThinClient client) {
        this(client, Tags.empty(), DEFAULT_SNAPSHOT_MAX_AGE);
    }

    /**
     * Meters for {@code client} with {@code tags} on every meter.
     *
     * @param client the client to observe
     * @param tags tags added to every meter, for instance to tell clients apart
     * @throws NullPointerException if an argument is null
     */
    public ThinClientMetrics(ThinClient client, Iterable<Tag> tags) {
        this(client, tags, DEFAULT_SNAPSHOT_MAX_AGE);
    }

    /**
     * Meters for {@code client} with {@code tags} on every meter, reading snapshots at most
     * {@code snapshotMaxAge} old.
     *
     * @param client the client to observe
     * @param tags tags added to every meter
     * @param snapshotMaxAge how long a snapshot serves the meters; {@link Duration#ZERO} takes one per read
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code snapshotMaxAge} is negative
     */
    public ThinClientMetrics(ThinClient client, Iterable<Tag> tags, Duration snapshotMaxAge) {
        this.client = new WeakReference<>(Objects.requireNonNull(client, "client"));
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        // a "forever" age (beyond the nanosecond range) saturates as the thin client's durations do (docs/api.md)
        this.maxAgeNanos = Durations.toNanos(Durations.requireNonNegative(snapshotMaxAge, "snapshotMaxAge"));
    }

    /**
     * Registers the base meters, and the meters of every kind and cause seen so far.
     *
     * @param registry the registry to register with
     * @throws IllegalStateException if this binder is already bound to another registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        synchronized (this) {
            if (this.registry != null && this.registry != registry) {
                throw new IllegalStateException("already bound to another registry; create one binder per registry");
            }
            this.registry = registry;
        }
        baseCounter("reconnects", "reconnections to kpclientd after a lost connection", ClientStatistics::reconnects);
        baseCounter("disconnects", "connections to kpclientd lost", ClientStatistics::disconnects);
        baseCounter("frames.malformed", "frames from kpclientd that could not be decoded and were skipped",
                ClientStatistics::malformedFrames);
        baseCounter("events.dropped", "events dropped by listeners and subscriptions whose queue was full",
                ClientStatistics::eventsDropped);
        refresh();
    }

    /**
     * Registers the meters of the kinds and causes that appeared since the last refresh; meters already
     * registered are left alone. Does nothing before {@link #bindTo}.
     */
    public void refresh() {
        ThinClient c = client.get();
        if (registry != null && c != null) {
            registerNew(c, fresh(c));
        }
    }

    // Each meter function reads the client Micrometer hands it (its weakly held state object), never a field:
    // a function that captured the client would keep it alive.
    private void registerNew(ThinClient c, ClientStatistics s) {
        MeterRegistry r = registry;
        for (EventConsumerStatistics e : s.eventConsumers()) {
            if (registered.add("consumer/" + e.consumer() + "/" + e.eventType())) {
                registerConsumers(r, c, e.consumer(), e.eventType());
            }
        }
        for (RequestStatistics k : s.requests().values()) {
            RequestKind kind = k.kind();
            if (registered.add(kind.wireName())) {
                registerKind(r, c, kind);
            }
            for (Integer code : k.failuresByErrorCode().keySet()) {
                if (registered.add(kind.wireName() + "/code/" + code)) {
                    callCounter(r, c, kind, "error_reply", "none", String.valueOf(code),
                            st -> st.request(kind).failuresByErrorCode().getOrDefault(code, 0L));
                }
            }
            for (String exception : k.failuresByException().keySet()) {
                if (registered.add(kind.wireName() + "/exception/" + exception)) {
                    callCounter(r, c, kind, "failed", exception, "none",
                            st -> st.request(kind).failuresByException().getOrDefault(exception, 0L));
                }
            }
        }
    }

    private void registerKind(MeterRegistry r, ThinClient client, RequestKind kind) {
        Tags kindTags = tags.and("kind", kind.wireName());
        FunctionCounter.builder(PREFIX + "calls.started", client, c -> snapshot(c).request(kind).started())
                .description("daemon calls sent").tags(kindTags).register(r);
        callCounter(r, client, kind, "completed", "none", "0", st -> st.request(kind).completed());
        Gauge.builder(PREFIX + "calls.in.flight", client, c -> snapshot(c).request(kind).inFlight())
                .description("daemon calls sent and not yet ended").tags(kindTags).register(r);
        FunctionTimer.builder(PREFIX + "call.latency", client,
                        c -> snapshot(c).request(kind).latency().count(),
                        c -> snapshot(c).request(kind).latency().totalNanos(), TimeUnit.NANOSECONDS)
                .description("time from sending a daemon call to its reply (replies with an error code included)")
                .tags(kindTags).register(r);
        for (double q : QUANTILES) {
            TimeGauge.builder(PREFIX + "call.latency.quantile", client, TimeUnit.NANOSECONDS,
                            c -> snapshot(c).request(kind).latency().quantile(q).toNanos())
                    .description("latency quantile estimate over every reply since the client was created")
                    .tags(kindTags.and("quantile", String.valueOf(q))).register(r);
        }
    }

    private void registerConsumers(MeterRegistry r, ThinClient client, String consumer, String eventType) {
        Tags consumerTags = tags.and("consumer", consumer, "event_type", eventType);
        Gauge.builder(PREFIX + "event.consumers", client,
                        c -> sumOverConsumers(snapshot(c), consumer, eventType, e -> 1))
                .description("open event listeners or subscriptions").tags(consumerTags).register(r);
        Gauge.builder(PREFIX + "event.consumers.queued", client,
                        c -> sumOverConsumers(snapshot(c), consumer, eventType, EventConsumerStatistics::queued))
                .description("events waiting in the queues of the open listeners or subscriptions")
                .tags(consumerTags).register(r);
        Gauge.builder(PREFIX + "event.consumers.dropped", client,
                        c -> sumOverConsumers(snapshot(c), consumer, eventType, EventConsumerStatistics::dropped))
                .description("events the open listeners or subscriptions dropped because their queue was full")
                .tags(consumerTags).register(r);
    }

    private static double sumOverConsumers(ClientStatistics s, String consumer, String eventType,
            ToDoubleFunction<EventConsumerStatistics> value) {
        double sum = 0;
        for (EventConsumerStatistics e : s.eventConsumers()) {
            if (e.consumer().equals(consumer) && e.eventType().equals(eventType)) {
                sum += value.applyAsDouble(e);
            }
        }
        return sum;
    }

    private void callCounter(MeterRegistry r, ThinClient client, RequestKind kind, String outcome, String exception,
            String errorCode, ToDoubleFunction<ClientStatistics> value) {
        FunctionCounter.builder(PREFIX + "calls", client, c -> value.applyAsDouble(snapshot(c)))
                .description("daemon calls ended, by kind and outcome")
                .tags(tags.and("kind", kind.wireName(), "outcome", outcome, "exception", exception,
                        "error_code", errorCode))
                .register(r);
    }

    private void baseCounter(String name, String description, ToDoubleFunction<ClientStatistics> value) {
        ThinClient client = this.client.get();
        if (client == null) {
            return; // dropped before binding: nothing to read
        }
        FunctionCounter.builder(PREFIX + name, client, c -> {
            Snapshot before = last;
            ClientStatistics s = snapshot(c);
            if (before == null || before.stats != s) {
                registerNew(c, s); // a new snapshot: register meters for kinds and causes that appeared
            }
            return value.applyAsDouble(s);
        }).description(description).tags(tags).register(registry);
    }

    /** The latest snapshot of {@code c} if young enough, else a new one. */
    private ClientStatistics snapshot(ThinClient c) {
        Snapshot s = last;
        long now = System.nanoTime();
        if (s == null || now - s.takenNanos > maxAgeNanos) {
            return fresh(c);
        }
        return s.stats;
    }

    private ClientStatistics fresh(ThinClient c) {
        ClientStatistics stats = c.statistics();
        last = new Snapshot(stats, System.nanoTime());
        return stats;
    }

    /**
     * The tags added to every meter.
     *
     * @return the tags given to the constructor
     */
    public Tags tags() {
        return tags;
    }
}
