package org.katzenpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.stats.RecordedFuture;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.RequestKind;

/**
 * The cost of recording statistics as CPU time, which a loaded machine disturbs far less than throughput:
 * <ol>
 *   <li>{@code record}: the calling thread's CPU time per call future created and completed, with recording
 *       ({@link RecordedFuture}) and without (a plain {@link CompletableFuture}), one million of each per round;</li>
 *   <li>{@code roundtrip}: the whole process's CPU time per {@code nextMessageBoxIndex} round trip against the
 *       in-process {@link RawDaemon} over TCP with 16 in flight, a new client per measurement, recording on and
 *       off (the internal {@link StatisticsRecorder#DISABLE_PROPERTY}).</li>
 * </ol>
 * On and off alternate within every round, in alternating order; medians over the rounds are printed.
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar org.katzenpost.bench.MetricsOverheadCpu [rounds] [roundTrips]}</pre>
 */
public final class MetricsOverheadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    private MetricsOverheadCpu() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        List<Double> recOn = new ArrayList<>();
        List<Double> recOff = new ArrayList<>();
        List<Double> rtOn = new ArrayList<>();
        List<Double> rtOff = new ArrayList<>();
        StatisticsRecorder recorder = new StatisticsRecorder();
        for (int i = 0; i < 3; i++) { // warm-up
            recordCost(recorder, true, 1_000_000);
            recordCost(recorder, false, 1_000_000);
            roundTripCost(false, roundTrips / 4);
            roundTripCost(true, roundTrips / 4);
        }
        for (int r = 0; r < rounds; r++) {
            boolean onFirst = r % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean on = onFirst == (k == 0);
                (on ? recOn : recOff).add(recordCost(recorder, on, 1_000_000));
                (on ? rtOn : rtOff).add(roundTripCost(on, roundTrips));
            }
            System.out.printf(Locale.ROOT, "round %d: record on %.1f off %.1f ns/call; round trip on %.2f off %.2f us CPU%n",
                    r + 1, last(recOn), last(recOff), last(rtOn), last(rtOff));
        }
        System.out.printf(Locale.ROOT, "RESULT record_ns_on=%.1f record_ns_off=%.1f roundtrip_cpu_us_on=%.2f "
                + "roundtrip_cpu_us_off=%.2f rounds=%d round_trips=%d%n", median(recOn), median(recOff),
                median(rtOn), median(rtOff), rounds, roundTrips);
    }

    private static double last(List<Double> l) {
        return l.get(l.size() - 1);
    }

    private static double median(List<Double> l) {
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Thread CPU ns per call future created and completed. */
    private static double recordCost(StatisticsRecorder recorder, boolean on, int n) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        Object last = null;
        for (int i = 0; i < n; i++) {
            CompletableFuture<Integer> f = on
                    ? new RecordedFuture<>(recorder, RequestKind.NEXT_MESSAGE_BOX_INDEX, Integer::intValue)
                    : new CompletableFuture<>();
            f.complete(0);
            last = f;
        }
        sink = last;
        return (double) (THREADS.getCurrentThreadCpuTime() - t0) / n;
    }

    /** Process CPU µs per round trip, 16 in flight, against the raw daemon. */
    private static double roundTripCost(boolean on, int n) throws Exception {
        if (on) {
            System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
        } else {
            System.setProperty(StatisticsRecorder.DISABLE_PROPERTY, "true");
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Target target = Target.start("raw", "tcp");
                ThinClient client = ThinClient.connect(target.config().build())) {
            System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
            PigeonholeClient ph = client.pigeonhole().withTimeout(Duration.ofSeconds(60));
            MessageBoxIndex index = ph.sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
            Semaphore window = new Semaphore(16);
            AtomicLong failures = new AtomicLong();
            long cpu0 = os.getProcessCpuTime();
            for (int i = 0; i < n; i++) {
                window.acquire();
                ph.nextMessageBoxIndex(index).whenComplete((x, t) -> {
                    if (t != null) {
                        failures.incrementAndGet();
                    }
                    window.release();
                });
            }
            if (!window.tryAcquire(16, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("round trips still in flight after 60 s");
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " round trips failed");
            }
            long counted = client.statistics().request(RequestKind.NEXT_MESSAGE_BOX_INDEX).completed();
            if (counted != (on ? n : 0)) {
                throw new IllegalStateException("counted " + counted + " of " + n + " round trips, recording " + on);
            }
            return cpu / 1e3 / n;
        } finally {
            System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
        }
    }
}
