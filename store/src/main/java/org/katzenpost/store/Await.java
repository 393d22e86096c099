package org.katzenpost.store;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;

/**
 * The one place the store waits for a future of the asynchronous Pigeonhole API: a failure comes out as the
 * typed {@link ThinClientException} the future failed with (not wrapped in a {@link CompletionException}), and
 * the wait ends at the deadline with {@link RequestTimeoutException}, cancelling the future (which cancels the
 * daemon's resending, docs/pigeonhole.md#the-storage-api).
 */
final class Await {
    private Await() {}

    /**
     * The value of {@code future}, waiting at most {@code deadline}.
     *
     * @throws ThinClientException what the future failed with (other throwables wrapped in one)
     * @throws RequestTimeoutException at the deadline
     */
    static <T> T result(CompletableFuture<T> future, Duration deadline) {
        try {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new RequestTimeoutException("no answer from kpclientd within " + deadline, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ThinClientException("interrupted while waiting for kpclientd", e);
        } catch (CancellationException e) {
            throw new ThinClientException("the call was cancelled", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new ThinClientException("a Pigeonhole call failed: " + t, t);
    }
}
