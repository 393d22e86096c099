package org.katzenpost.bench;

import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.ThinClient;
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
 * {@link ThinClient#connect}: open the transport, read connection_status_event and new_pki_document_event
 * (parsing the PKI document), send session_token and read its reply; warm (JIT-compiled, same JVM). Closing
 * the client is outside the timing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ConnectBench {
    @Param({"simulator", "raw"})
    public String server;

    @Param({"tcp", "unix"})
    public String transport;

    private Target target;
    private ThinClient client;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        target = Target.start(server, transport);
    }

    @Benchmark
    public ThinClient connect() {
        client = ThinClient.connect(target.config().build());
        return client;
    }

    @TearDown(Level.Invocation)
    public void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @TearDown(Level.Iteration)
    public void forget() {
        target.forgetHistory();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        target.close();
    }
}
