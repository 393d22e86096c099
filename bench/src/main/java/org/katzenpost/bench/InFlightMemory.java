package org.katzenpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.session.SessionAccess;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * Memory with many requests in flight: each round sends N requests (default 10,000) to a {@link RawDaemon} that
 * holds every reply until all N have arrived, measures the heap while they are all pending, then lets them
 * complete and measures it again. After every round the client must be back where it started: no call left in
 * its table, and retained heap (after GC) not growing from round to round.
 *
 * <p>The daemon runs in this JVM: the buffers it grows in round 1 to hold N replies stay, so compare rounds
 * from the second on.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.katzenpost.bench.InFlightMemory [N] [rounds] [tcp|unix]</pre>
 */
public final class InFlightMemory {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String transport = args.length > 2 ? args[2] : "tcp";
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        try (RawDaemon raw = RawDaemon.start(transport);
                ThinClient client = ThinClient.connect(raw.configBuilder().build())) {
            PigeonholeClient ph = client.pigeonhole().withTimeout(Duration.ofSeconds(120));
            MessageBoxIndex index = ph.sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
            long baseline = retained(mem);
            System.out.printf("[inflight] N=%d over %s; retained heap before: %.2f MiB%n", n, transport,
                    baseline / 1048576.0);
            long[] after = new long[rounds];
            long previous = baseline;
            for (int round = 0; round < rounds; round++) {
                raw.holdReplies(n + 1); // never reached by the n requests: all stay pending until released
                List<CompletableFuture<MessageBoxIndex>> futures = new ArrayList<>(n + 1);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    futures.add(ph.nextMessageBoxIndex(index));
                }
                long during = retained(mem);
                int pending = SessionAccess.of(client).inFlightCalls();
                raw.holdReplies(0);
                futures.add(ph.nextMessageBoxIndex(index)); // the daemon answers everything when this one arrives
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                futures = null;
                after[round] = retained(mem);
                System.out.printf("[inflight] round %d: %d pending while measured; retained heap with them %.2f MiB "
                        + "(%+.0f bytes per pending call over the previous round's end), after completion %.2f MiB, "
                        + "calls left %d, %d ms%n", round + 1, pending, during / 1048576.0,
                        (during - previous) / (double) n, after[round] / 1048576.0,
                        SessionAccess.of(client).inFlightCalls(), ms);
                previous = after[round];
            }
            long growth = after[rounds - 1] - after[Math.min(1, rounds - 1)];
            System.out.printf("[inflight] retained growth from round 2 to round %d: %+.1f KiB; calls left %d%n",
                    rounds, growth / 1024.0, SessionAccess.of(client).inFlightCalls());
        }
    }

    private static long retained(MemoryMXBean mem) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
