package org.katzenpost.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.katzenpost.thin.internal.Hashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BLAKE2b-256: our implementation ({@code internal/Blake2b}, what {@code Hashes.blake2b256} uses) against
 * BouncyCastle's {@code Blake2bDigest}, which the library used before (docs/performance.md, "Footprint").
 * 32 bytes is a node identity key (the {@code toDestination} hash), 1,184 bytes a write capability, 64 KiB bulk.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class Blake2bBench {
    @Param({"32", "1184", "65536"})
    public int size;

    private byte[] data;

    @Setup
    public void setup() {
        data = new byte[size];
        new Random(7).nextBytes(data);
    }

    @Benchmark
    public byte[] ours() {
        return Hashes.blake2b256(data);
    }

    @Benchmark
    public byte[] bouncyCastle() {
        Blake2bDigest d = new Blake2bDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
