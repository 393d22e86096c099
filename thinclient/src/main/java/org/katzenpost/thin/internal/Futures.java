package org.katzenpost.thin.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.katzenpost.thin.ThinClientException;

/**
 * How the blocking views ({@code ThinClient.sync()}, {@code PigeonholeClient.sync()}) wait: for a future that
 * has a deadline of its own, rethrowing its failure as the exception it carries, never as
 * {@link ExecutionException} (docs/api.md, "Unchecked, typed exceptions").
 */
public final class Futures {
    private Futures() {}

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
