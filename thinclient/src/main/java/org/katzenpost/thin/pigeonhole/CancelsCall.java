package org.katzenpost.thin.pigeonhole;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The future a Pigeonhole call returns, which runs {@code onCancel} when it is cancelled: by {@link #cancel}, or
 * by being completed with a {@link CancellationException} (which {@link #isCancelled()} also reports). The calls
 * cancel the daemon call the result was made from this way rather than with a {@code whenComplete} stage on the
 * result, which cost every call a stage, its future and a lambda (about 90 bytes; docs/performance.md, "Allocation
 * per round trip"). {@code onCancel} may run more than once and must be idempotent: the calls' actions are (a
 * future's {@code cancel} is).
 */
final class CancelsCall<T> extends CompletableFuture<T> {
    private final Runnable onCancel;

    CancelsCall(Runnable onCancel) {
        this.onCancel = onCancel;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            onCancel.run();
        }
        return cancelled;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean completed = super.completeExceptionally(ex);
        if (completed && ex instanceof CancellationException) {
            onCancel.run();
        }
        return completed;
    }
}
