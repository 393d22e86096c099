package org.katzenpost.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.EventConsumerStatistics;
import org.katzenpost.thin.stats.LatencyHistogram;
import org.katzenpost.thin.stats.RequestStatistics;

/**
 * {@code katzen status --stats}: probes the daemon with two local calls and renders the client's statistics
 * snapshot as a table or as JSON (docs/metrics.md). Each katzen command is a client of its own, so the figures
 * are those of this command's connection.
 */
final class StatsTable {
    private StatsTable() {}

    /** Two daemon-local calls, so that the snapshot has round trips to show; their failures are counted, not thrown. */
    static void probe(ThinClient client, Duration timeout) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        calls.add(client.fetchDirectoryAuthorities(timeout));
        calls.add(client.fetchSignedPkiDocument(0, timeout));
        for (CompletableFuture<?> f : calls) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // counted in the statistics under its exception or error code
            }
        }
    }

    static Map<String, Object> toMap(ClientStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls_in_flight", s.callsInFlight());
        m.put("completed", s.completed());
        m.put("failed", s.failed());
        Map<String, Object> kinds = new LinkedHashMap<>();
        for (RequestStatistics r : s.requests().values()) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("started", r.started());
            k.put("in_flight", r.inFlight());
            k.put("completed", r.completed());
            k.put("failed", r.failed());
            Map<String, Object> codes = new LinkedHashMap<>();
            r.failuresByErrorCode().forEach((c, n) -> codes.put(String.valueOf(c), n));
            k.put("failures_by_error_code", codes);
            k.put("failures_by_exception", new LinkedHashMap<>(r.failuresByException()));
            LatencyHistogram h = r.latency();
            k.put("latency_count", h.count());
            k.put("latency_mean_us", micros(h.mean()));
            k.put("latency_p50_us", micros(h.quantile(0.5)));
            k.put("latency_p90_us", micros(h.quantile(0.9)));
            k.put("latency_p99_us", micros(h.quantile(0.99)));
            kinds.put(r.kind().wireName(), k);
        }
        m.put("requests", kinds);
        m.put("reconnects", s.reconnects());
        m.put("disconnects", s.disconnects());
        m.put("malformed_frames", s.malformedFrames());
        m.put("events_dropped", s.eventsDropped());
        List<Object> consumers = new ArrayList<>();
        for (EventConsumerStatistics c : s.eventConsumers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("consumer", c.consumer());
            e.put("event_type", c.eventType());
            e.put("capacity", c.capacity());
            e.put("overflow_policy", c.overflowPolicy().name());
            e.put("queued", c.queued());
            e.put("dropped", c.dropped());
            consumers.add(e);
        }
        m.put("event_consumers", consumers);
        return m;
    }

    static void print(PrintWriter o, ClientStatistics s) {
        o.println();
        o.println("statistics (this command's connection):");
        o.printf("  %-46s %6s %6s %6s %9s %10s %10s %10s %10s%n", "call", "calls", "ok", "failed", "in flight",
                "mean", "p50", "p90", "p99");
        for (RequestStatistics r : s.requests().values()) {
            LatencyHistogram h = r.latency();
            o.printf("  %-46s %6d %6d %6d %9d %10s %10s %10s %10s%n", r.kind().wireName(), r.started(),
                    r.completed(), r.failed(), r.inFlight(), human(h.count(), h.mean()),
                    human(h.count(), h.quantile(0.5)), human(h.count(), h.quantile(0.9)),
                    human(h.count(), h.quantile(0.99)));
            List<String> causes = new ArrayList<>();
            r.failuresByErrorCode().forEach((c, n) -> causes.add("error code " + c + " x" + n));
            r.failuresByException().forEach((e, n) -> causes.add(e + " x" + n));
            if (!causes.isEmpty()) {
                o.printf("  %-46s failures: %s%n", "", String.join(", ", causes));
            }
        }
        if (s.requests().isEmpty()) {
            o.println("  (no calls)");
        }
        o.printf("  connection: %d reconnects, %d disconnects, %d malformed frames skipped%n", s.reconnects(),
                s.disconnects(), s.malformedFrames());
        o.printf("  events:     %d dropped by full queues%n", s.eventsDropped());
        for (EventConsumerStatistics c : s.eventConsumers()) {
            o.printf("              %s for %s: queue %d/%d (%s), %d dropped%n", c.consumer(), c.eventType(),
                    c.queued(), c.capacity(), c.overflowPolicy(), c.dropped());
        }
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static String human(long count, Duration d) {
        if (count == 0) {
            return "-";
        }
        long ns = d.toNanos();
        if (ns < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.0f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", ns / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.2f s", ns / 1e9);
    }
}
