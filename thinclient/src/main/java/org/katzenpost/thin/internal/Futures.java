package org.katzenpost.thin.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.katzenpost.thin.ThinClientException;

/**
 * How the blocking views ({@code ThinClient.sync()}, {@code PigeonholeClient.sync()}) wait: for a future that
 * has a deadline of its own, rethrowing its failure as the exception it carries, never as
 * {@link ExecutionException} (docs/api.md, "Unchecked, typed exceptions").
 */
public final class Futures {
    /** Set while {@link #awaitCall} starts its call on this thread. */
    private static final ThreadLocal<Boolean> STARTING_AWAITED_CALL = new ThreadLocal<>();

    private Futures() {}

    /**
     * Starts a call and waits for it, as {@link #await(CompletableFuture)}. While {@code call} runs, the calls it
     * starts on this thread are marked as awaited ({@link #startingAwaitedCall()}): nothing but library stages and
     * this wait depend on their futures, so their replies may be completed on the connection's reader thread
     * instead of being handed to a worker first (docs/performance.md, "Fewer hops for a blocking call"). Only the
     * blocking views use it; a future handed to application code must never be marked.
     *
     * @param call starts the call and returns its future; must not block
     * @param <T> the value's type
     * @return the value the future completed with
     * @throws ThinClientException (or another unchecked exception) as {@link #await(CompletableFuture)}
     */
    public static <T> T awaitCall(Supplier<CompletableFuture<T>> call) {
        Boolean outer = STARTING_AWAITED_CALL.get();
        STARTING_AWAITED_CALL.set(Boolean.TRUE);
        CompletableFuture<T> future;
        try {
            future = call.get();
        } finally {
            // set back, not removed: the thread keeps its entry, so the next call allocates none
            STARTING_AWAITED_CALL.set(outer);
        }
        return await(future);
    }

    /**
     * Whether the current thread is starting a call for {@link #awaitCall}, whose future therefore has no
     * application code depending on it.
     *
     * @return true inside {@link #awaitCall}'s {@code call}
     */
    public static boolean startingAwaitedCall() {
        return STARTING_AWAITED_CALL.get() != null;
    }

    /**
     * Waits for {@code future} and returns its value.
     *
     * @param future a future that completes by its own deadline
     * @param <T> the value's type
     * @return the value the future completed with
     * @throws ThinClientException (or another unchecked exception) the future failed with; a
     *     {@link ThinClientException} when the wait is interrupted (the future is then cancelled) or the future
     *     was cancelled
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ThinClientException("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new ThinClientException("the call was cancelled", e);
        }
    }

    /**
     * The exception inside the {@link CompletionException} / {@link ExecutionException} wrappers that futures add.
     *
     * @param t a failure, wrapped or not
     * @return the innermost unchecked exception; a checked one is wrapped in a {@link ThinClientException}
     */
    public static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        return new ThinClientException(t.toString(), t);
    }
}
