package org.katzenpost.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.stats.RequestKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording the client's statistics ({@code ThinClient.statistics()}) costs a round trip: the
 * {@link RoundTripBench} workload ({@code nextMessageBoxIndex}, 1 or 16 requests in flight) with recording on
 * and off ({@code stats=off} sets the internal {@link StatisticsRecorder#DISABLE_PROPERTY} before the client is
 * created, so the calls take the path without the recording future), in one run and one JVM per trial. Run
 * with {@code -prof gc} for the allocation per round trip. The {@code stats} parameter varies last, so the on
 * and off trials of a configuration run back to back.
 *
 * <p>After each trial it checks that the client counted every round trip (with recording on) or none (off).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class MetricsOverheadBench {
    @Param({"raw", "simulator"})
    public String server;

    @Param({"1", "16"})
    public int inFlight;

    @Param({"on", "off"})
    public String stats;

    private Target target;
    private ThinClient client;
    private PigeonholeClient ph;
    private MessageBoxIndex index;
    private Semaphore window;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        if (stats.equals("off")) {
            System.setProperty(StatisticsRecorder.DISABLE_PROPERTY, "true");
        } else {
            System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
        }
        target = Target.start(server, "tcp");
        client = ThinClient.connect(target.config().build());
        ph = client.pigeonhole().withTimeout(Duration.ofSeconds(60));
        index = ph.sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
        window = new Semaphore(inFlight);
    }

    @Benchmark
    public void roundTrip() throws InterruptedException {
        window.acquire();
        ph.nextMessageBoxIndex(index).whenComplete((r, t) -> {
            if (t != null) {
                failures.incrementAndGet();
            } else {
                completed.incrementAndGet();
            }
            window.release();
        });
    }

    @TearDown(Level.Iteration)
    public void iterationDone() throws InterruptedException {
        if (!window.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still in flight 60 s after the iteration");
        }
        window.release(inFlight);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests failed");
        }
        target.forgetHistory();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long counted = client.statistics().request(RequestKind.NEXT_MESSAGE_BOX_INDEX).completed();
        long expected = stats.equals("on") ? completed.get() : 0;
        System.out.printf("%n[stats] %s/%d/%s: %d round trips, %d counted, p50 %s p99 %s%n", server, inFlight, stats,
                completed.get(), counted,
                client.statistics().request(RequestKind.NEXT_MESSAGE_BOX_INDEX).latency().quantile(0.5),
                client.statistics().request(RequestKind.NEXT_MESSAGE_BOX_INDEX).latency().quantile(0.99));
        client.close();
        target.close();
        System.clearProperty(StatisticsRecorder.DISABLE_PROPERTY);
        if (counted != expected) {
            throw new IllegalStateException("statistics counted " + counted + " round trips, expected " + expected);
        }
    }
}
