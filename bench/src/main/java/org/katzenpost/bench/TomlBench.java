package org.katzenpost.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.internal.config.ThinClientToml;
import org.katzenpost.thin.internal.config.TomlReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the testnet's {@code thinclient.toml}: our {@code TomlReader} (and the whole {@code ThinClientToml}
 * check on top) against Jackson's TOML module, which the library used before (docs/performance.md, "Footprint").
 * Warm figures; the cold first read is in the FirstCall harness.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TomlBench {
    static final String TESTNET = "[Dial]\n  [Dial.Tcp]\n    Address = \"127.0.0.1:64331\"\n    Network = \"tcp\"\n";

    private final TomlMapper jackson = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    @Benchmark
    public Map<String, Object> oursTree() {
        return TomlReader.parse(TESTNET);
    }

    @Benchmark
    public Dial oursThinClientToml() {
        return ThinClientToml.parseDial(TESTNET, "thinclient.toml");
    }

    @Benchmark
    public JsonNode jacksonTree() throws IOException {
        return jackson.readTree(TESTNET);
    }
}
