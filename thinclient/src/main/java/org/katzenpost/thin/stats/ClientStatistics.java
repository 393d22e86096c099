package org.katzenpost.thin.stats;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a client's statistics, from {@code ThinClient.statistics()}: calls in flight,
 * calls completed and failed per {@link RequestKind} and per cause, latency histograms per kind, connection
 * events, malformed frames and events dropped by slow consumers. Every counter runs from the client's creation;
 * to get rates, subtract an earlier snapshot (see {@link LatencyHistogram#minus}).
 *
 * <p>The counters are read one after another while calls go on, so a snapshot taken under load can be off by
 * the calls that ended while it was taken (a call may be counted as in flight and as ended); each counter is
 * exact on its own. See docs/metrics.md.
 *
 * @param takenAt when the snapshot was taken
 * @param requests the statistics of every kind called at least once, in the order of {@link RequestKind};
 *     unmodifiable
 * @param reconnects reconnections to kpclientd completed after a lost connection
 * @param disconnects connections to kpclientd lost (a graceful daemon shutdown included)
 * @param malformedFrames frames from kpclientd that could not be decoded and were skipped
 * @param eventConsumers the listeners and subscriptions open when the snapshot was taken; unmodifiable
 * @param eventsDropped events dropped by every listener and subscription since the client was created,
 *     closed ones included
 */
public record ClientStatistics(Instant takenAt, Map<RequestKind, RequestStatistics> requests, long reconnects,
        long disconnects, long malformedFrames, List<EventConsumerStatistics> eventConsumers, long eventsDropped) {

    /**
     * Checks the components and copies the collections (unmodifiable).
     *
     * @param takenAt when the snapshot was taken
     * @param requests the statistics of every kind called at least once; copied
     * @param reconnects reconnections after a lost connection
     * @param disconnects connections lost
     * @param malformedFrames frames skipped as undecodable
     * @param eventConsumers the open listeners and subscriptions; copied
     * @param eventsDropped events dropped by every consumer so far
     * @throws NullPointerException if a reference component is null
     */
    public ClientStatistics {
        Objects.requireNonNull(takenAt, "takenAt");
        EnumMap<RequestKind, RequestStatistics> copy = new EnumMap<>(RequestKind.class);
        copy.putAll(requests);
        requests = Collections.unmodifiableMap(copy);
        eventConsumers = List.copyOf(eventConsumers);
    }

    /**
     * The statistics of one kind.
     *
     * @param kind the request kind
     * @return its statistics, all zero if it was never called
     */
    public RequestStatistics request(RequestKind kind) {
        RequestStatistics s = requests.get(kind);
        return s == null ? RequestStatistics.none(kind) : s;
    }

    /**
     * Calls in flight, of every kind.
     *
     * @return the sum of {@link RequestStatistics#inFlight()}
     */
    public long callsInFlight() {
        long n = 0;
        for (RequestStatistics s : requests.values()) {
            n += s.inFlight();
        }
        return n;
    }

    /**
     * Calls completed with error code 0, of every kind.
     *
     * @return the sum of {@link RequestStatistics#completed()}
     */
    public long completed() {
        long n = 0;
        for (RequestStatistics s : requests.values()) {
            n += s.completed();
        }
        return n;
    }

    /**
     * Calls failed, of every kind.
     *
     * @return the sum of {@link RequestStatistics#failed()}
     */
    public long failed() {
        long n = 0;
        for (RequestStatistics s : requests.values()) {
            n += s.failed();
        }
        return n;
    }
}
