package org.katzenpost.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.internal.KernelRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 16-byte id (a query id per request) from the library's {@link KernelRandom} against the JDK's
 * {@link SecureRandom} it replaced, one caller and four at once (docs/performance.md, "The first call, cold JVM").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RandomIdBench {
    private final SecureRandom secureRandom = new SecureRandom();

    @Benchmark
    public byte[] secureRandom() {
        byte[] id = new byte[16];
        secureRandom.nextBytes(id);
        return id;
    }

    @Benchmark
    public byte[] kernelRandom() {
        byte[] id = new byte[16];
        KernelRandom.nextBytes(id);
        return id;
    }

    @Benchmark
    @Threads(4)
    public byte[] secureRandomFourThreads() {
        return secureRandom();
    }

    @Benchmark
    @Threads(4)
    public byte[] kernelRandomFourThreads() {
        return kernelRandom();
    }
}
