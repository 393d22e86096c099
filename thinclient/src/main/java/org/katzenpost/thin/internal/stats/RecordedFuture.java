package org.katzenpost.thin.internal.stats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.ToIntFunction;
import org.katzenpost.thin.stats.RequestKind;

/**
 * The future of one daemon call that records the call's end in a {@link StatisticsRecorder} before it
 * completes, so that whoever sees the call end (a waiting caller, a dependent stage) finds it counted in the
 * next snapshot. The first of {@code complete}, {@code completeExceptionally} and {@code cancel} is recorded,
 * once.
 *
 * @param <R> the reply type
 */
public final class RecordedFuture<R> extends CompletableFuture<R> {
    private static final AtomicIntegerFieldUpdater<RecordedFuture> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(RecordedFuture.class, "ended");

    private final StatisticsRecorder recorder;
    private final RequestKind kind;
    private final ToIntFunction<? super R> errorCode;
    private final long startNanos;
    private volatile int ended;

    /**
     * Counts the call as started.
     *
     * @param recorder where to record
     * @param kind the call's kind
     * @param errorCode reads a reply's error code (0 = success)
     */
    public RecordedFuture(StatisticsRecorder recorder, RequestKind kind, ToIntFunction<? super R> errorCode) {
        this.recorder = recorder;
        this.kind = kind;
        this.errorCode = errorCode;
        this.startNanos = recorder.started(kind);
    }

    private boolean firstEnd() {
        return ended == 0 && !isDone() && ENDED.compareAndSet(this, 0, 1);
    }

    @Override
    public boolean complete(R value) {
        if (firstEnd()) {
            recorder.replied(kind, startNanos, value == null ? 0 : errorCode.applyAsInt(value));
        }
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        if (firstEnd()) {
            recorder.failed(kind, startNanos, ex);
        }
        return super.completeExceptionally(ex);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (firstEnd()) {
            recorder.failed(kind, startNanos, new java.util.concurrent.CancellationException());
        }
        return super.cancel(mayInterruptIfRunning);
    }
}
