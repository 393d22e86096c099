package org.katzenpost.thin.internal.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.EventConsumerStatistics;
import org.katzenpost.thin.stats.LatencyHistogram;
import org.katzenpost.thin.stats.RequestKind;
import org.katzenpost.thin.stats.RequestStatistics;

/**
 * Records the statistics behind {@link ClientStatistics}, lock-free: {@link LongAdder} counters and one
 * {@link AtomicLongArray} histogram per {@link RequestKind}. A call costs two {@code System.nanoTime()} reads,
 * three counter increments and one histogram increment (docs/performance.md, "Metrics overhead").
 *
 * <p>Setting the system property {@value #DISABLE_PROPERTY} to {@code true} before a client is created makes
 * that client record nothing; it exists so that the benchmark can measure the cost of recording in one run.
 */
public final class StatisticsRecorder {
    /** Internal: {@code -Dorg.katzenpost.thin.internal.stats.disabled=true} turns recording off (benchmarks). */
    public static final String DISABLE_PROPERTY = "org.katzenpost.thin.internal.stats.disabled";

    private static final RequestKind[] KINDS = RequestKind.values();

    private final boolean enabled = !Boolean.getBoolean(DISABLE_PROPERTY);
    /**
     * The counters of each kind, created by its first call: a client uses a few of the kinds, and creating all of
     * them was a quarter of what a connect allocated (docs/performance.md, "Connect and close in a loop").
     */
    private final AtomicReferenceArray<KindCounters> kinds = new AtomicReferenceArray<>(KINDS.length);
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder disconnects = new LongAdder();

    /** Creates a recorder with every counter at zero. */
    public StatisticsRecorder() {}

    private KindCounters counters(RequestKind kind) {
        int i = kind.ordinal();
        KindCounters k = kinds.get(i);
        if (k == null) {
            KindCounters created = new KindCounters();
            k = kinds.compareAndExchange(i, null, created);
            if (k == null) {
                k = created;
            }
        }
        return k;
    }

    /**
     * Whether this recorder records.
     *
     * @return false when {@value #DISABLE_PROPERTY} was set when it was created
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Counts a call as started; pass the result to {@link #replied} or {@link #failed} when it ends.
     *
     * @param kind the call's kind
     * @return the start time ({@link System#nanoTime()}), or 0 when recording is off
     */
    public long started(RequestKind kind) {
        if (!enabled) {
            return 0;
        }
        counters(kind).started.increment();
        return System.nanoTime();
    }

    /**
     * Counts a call as answered and records its latency.
     *
     * @param kind the call's kind
     * @param startNanos what {@link #started} returned
     * @param errorCode the reply's error code, 0 for success
     */
    public void replied(RequestKind kind, long startNanos, int errorCode) {
        if (!enabled) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        KindCounters k = counters(kind);
        k.histogram.incrementAndGet(LatencyHistogram.bucketOf(nanos));
        k.totalNanos.add(Math.max(0, nanos));
        if (errorCode == 0) {
            k.completed.increment();
        } else {
            k.errorCodes.computeIfAbsent(errorCode, c -> new LongAdder()).increment();
        }
    }

    /**
     * Counts a call as ended without a reply.
     *
     * @param kind the call's kind
     * @param startNanos what {@link #started} returned
     * @param failure what the caller saw (CompletionException wrappers are looked through)
     */
    public void failed(RequestKind kind, long startNanos, Throwable failure) {
        if (!enabled) {
            return;
        }
        counters(kind).exceptions.computeIfAbsent(exceptionName(failure), c -> new LongAdder()).increment();
    }

    private static String exceptionName(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return "CancellationException";
        }
        String name = t == null ? "unknown" : t.getClass().getSimpleName();
        return name.isEmpty() ? t.getClass().getName() : name;
    }

    /**
     * Counts connection events as the event bus publishes them.
     *
     * @param event any event
     */
    public void onEvent(ThinClientEvent event) {
        if (event instanceof ReconnectedEvent) {
            reconnects.increment();
        } else if (event instanceof DaemonDisconnectedEvent) {
            disconnects.increment();
        }
    }

    /**
     * Takes a snapshot.
     *
     * @param malformedFrames the session's malformed-frame count
     * @param consumers the open listeners and subscriptions
     * @param eventsDropped events dropped so far by all of them, closed ones included
     * @return the snapshot
     */
    public ClientStatistics snapshot(long malformedFrames, List<EventConsumerStatistics> consumers,
            long eventsDropped) {
        Map<RequestKind, RequestStatistics> out = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : KINDS) {
            KindCounters k = kinds.get(kind.ordinal());
            if (k == null || k.started.sum() == 0) {
                continue;
            }
            // the ended counts first and `started` last, so a call ending meanwhile shows as in flight and the
            // difference is never negative
            Map<Integer, Long> codes = new HashMap<>();
            k.errorCodes.forEach((c, n) -> codes.put(c, n.sum()));
            Map<String, Long> exceptions = new HashMap<>();
            k.exceptions.forEach((c, n) -> exceptions.put(c, n.sum()));
            long completed = k.completed.sum();
            long ended = completed;
            for (long v : codes.values()) {
                ended += v;
            }
            for (long v : exceptions.values()) {
                ended += v;
            }
            long started = k.started.sum();
            long[] counts = new long[LatencyHistogram.BUCKETS];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = k.histogram.get(i);
            }
            out.put(kind, new RequestStatistics(kind, started, Math.max(0, started - ended), completed, codes,
                    exceptions, LatencyHistogram.of(counts, k.totalNanos.sum())));
        }
        return new ClientStatistics(Instant.now(), out, reconnects.sum(), disconnects.sum(), malformedFrames,
                new ArrayList<>(consumers), eventsDropped);
    }

    private static final class KindCounters {
        final LongAdder started = new LongAdder();
        final LongAdder completed = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final AtomicLongArray histogram = new AtomicLongArray(LatencyHistogram.BUCKETS);
        final ConcurrentHashMap<Integer, LongAdder> errorCodes = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, LongAdder> exceptions = new ConcurrentHashMap<>();
    }
}
