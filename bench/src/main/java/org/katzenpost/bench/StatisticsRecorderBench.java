package org.katzenpost.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.internal.stats.RecordedFuture;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.stats.ClientStatistics;
import org.katzenpost.thin.stats.RequestKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recording itself, without I/O: a call's future created, completed and recorded
 * ({@code recordedCall}) against a plain {@link CompletableFuture} created and completed
 * ({@code plainCall}), on 1 and 2 threads (the machine's cores) sharing one recorder; and the cost of a
 * snapshot of a recorder that has seen every kind. ns per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StatisticsRecorderBench {
    private final StatisticsRecorder recorder = new StatisticsRecorder();

    @Benchmark
    public Object plainCall() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        f.complete(0);
        return f;
    }

    @Benchmark
    public Object recordedCall() {
        RecordedFuture<Integer> f = new RecordedFuture<>(recorder, RequestKind.NEXT_MESSAGE_BOX_INDEX, Integer::intValue);
        f.complete(0);
        return f;
    }

    @Benchmark
    @Threads(2)
    public Object plainCall2Threads() {
        return plainCall();
    }

    @Benchmark
    @Threads(2)
    public Object recordedCall2Threads() {
        return recordedCall();
    }

    /** A recorder that has seen every kind, with replies spread over 20 buckets and two error codes. */
    @State(Scope.Benchmark)
    public static class Populated {
        final StatisticsRecorder recorder = new StatisticsRecorder();

        @Setup
        public void fill() {
            for (RequestKind kind : RequestKind.values()) {
                for (int i = 0; i < 100; i++) {
                    long start = recorder.started(kind);
                    recorder.replied(kind, start - (1000L << (i % 20)), i % 10 == 0 ? 3 + i % 20 : 0);
                }
            }
        }
    }

    @Benchmark
    public ClientStatistics snapshot(Populated p) {
        return p.recorder.snapshot(0, java.util.List.of(), 0);
    }
}
