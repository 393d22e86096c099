package org.katzenpost.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
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
 * Request → reply round trips through the public API ({@link PigeonholeClient#nextMessageBoxIndex}, a call
 * kpclientd answers locally) over one connection, with 1, 16 or 256 requests in flight: each benchmark
 * operation waits for a free slot in the window, then sends one request whose completion frees the slot. The
 * score is round trips per second. Latencies (issue → future completed, including the wait of a full
 * window's queue) are printed per iteration as {@code [latency] … p50 … p99}.
 *
 * <p>{@code server=simulator} is the testkit's KpclientdSimulator (in this JVM: its threads share the 2
 * cores); {@code server=raw} is {@link RawDaemon}, which answers with pre-encoded frames and so measures the
 * client. Run with {@code -prof gc}: with the raw daemon, which allocates nothing per request,
 * {@code gc.alloc.rate.norm} is the client's allocation per round trip.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class RoundTripBench {
    @Param({"simulator", "raw"})
    public String server;

    @Param({"tcp", "unix"})
    public String transport;

    @Param({"1", "16", "256"})
    public int inFlight;

    private Target target;
    private ThinClient client;
    private PigeonholeClient ph;
    private MessageBoxIndex index;
    private Semaphore window;
    private final LatencyRecorder latency = new LatencyRecorder(4 << 20);
    private final AtomicLong failures = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        target = Target.start(server, transport);
        client = ThinClient.connect(target.config().build());
        ph = client.pigeonhole().withTimeout(Duration.ofSeconds(60));
        index = ph.sync().newKeypair(PigeonholeClient.randomSeed()).firstIndex();
        window = new Semaphore(inFlight);
    }

    @Benchmark
    public void roundTrip() throws InterruptedException {
        window.acquire();
        long t0 = System.nanoTime();
        ph.nextMessageBoxIndex(index).whenComplete((r, t) -> {
            latency.record(System.nanoTime() - t0);
            if (t != null) {
                failures.incrementAndGet();
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
        System.out.printf("%n[latency] %s/%s/%d: %s failures=%d%n", server, transport, inFlight,
                latency.summary(), failures.get());
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests failed");
        }
        latency.reset();
        target.forgetHistory();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        target.close();
    }
}
