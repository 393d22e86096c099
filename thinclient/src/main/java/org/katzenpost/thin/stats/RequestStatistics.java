package org.katzenpost.thin.stats;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The counters of one {@link RequestKind} in a {@link ClientStatistics} snapshot, counted since the client was
 * created.
 *
 * <p>A call ends in exactly one of three ways: a reply with error code 0 ({@code completed}); a reply with a
 * non-zero error code ({@code failuresByErrorCode}: the daemon answered and refused; the caller saw the typed
 * exception its call maps that code to, docs/protocol.md); or no reply at all ({@code failuresByException}: a
 * deadline, a lost connection, the client closing, the caller cancelling). Latencies are recorded for every
 * reply, with or without an error code, and never for calls that got none (a timeout is not a latency).
 *
 * @param kind the request kind
 * @param started calls started
 * @param inFlight calls started and not ended when the snapshot was taken
 * @param completed calls answered with error code 0
 * @param failuresByErrorCode calls answered with a non-zero error code, by code (see
 *     {@code org.katzenpost.thin.ThinErrorCode}; for {@code start_resending_encrypted_message}, codes 1 to 11
 *     are replica codes); unmodifiable, sorted by code, no zero entries
 * @param failuresByException calls that ended without a reply, by the simple name of the exception the caller
 *     saw (for instance {@code RequestTimeoutException}, {@code DaemonConnectionException},
 *     {@code ClientClosedException}, {@code CancellationException}); unmodifiable, sorted, no zero entries
 * @param latency the time from sending to the reply, for every reply
 */
public record RequestStatistics(RequestKind kind, long started, long inFlight, long completed,
        Map<Integer, Long> failuresByErrorCode, Map<String, Long> failuresByException, LatencyHistogram latency) {

    /**
     * Checks the components and copies the collections (unmodifiable).
     *
     * @param kind the request kind
     * @param started calls started
     * @param inFlight calls not yet ended
     * @param completed calls answered with error code 0
     * @param failuresByErrorCode failures with a reply, by error code; copied
     * @param failuresByException failures without a reply, by exception simple name; copied
     * @param latency the latency of every reply
     * @throws NullPointerException if a reference component is null
     */
    public RequestStatistics {
        Objects.requireNonNull(kind, "kind");
        failuresByErrorCode = Collections.unmodifiableMap(new TreeMap<>(failuresByErrorCode));
        failuresByException = Collections.unmodifiableMap(new TreeMap<>(failuresByException));
        Objects.requireNonNull(latency, "latency");
    }

    /**
     * The statistics of a kind that was never called.
     *
     * @param kind the request kind
     * @return all counters zero
     */
    public static RequestStatistics none(RequestKind kind) {
        return new RequestStatistics(kind, 0, 0, 0, Map.of(), Map.of(), LatencyHistogram.empty());
    }

    /**
     * All calls that failed, with or without a reply.
     *
     * @return the sum of {@link #failuresByErrorCode()} and {@link #failuresByException()}
     */
    public long failed() {
        long n = 0;
        for (long v : failuresByErrorCode.values()) {
            n += v;
        }
        for (long v : failuresByException.values()) {
            n += v;
        }
        return n;
    }

    /**
     * Calls that got a reply, with or without an error code: the values in {@link #latency()}.
     *
     * @return completed calls plus those failed with an error code
     */
    public long replies() {
        long n = completed;
        for (long v : failuresByErrorCode.values()) {
            n += v;
        }
        return n;
    }
}
