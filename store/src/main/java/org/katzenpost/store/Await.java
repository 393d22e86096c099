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
import org.katzenpost.thin.Durations;

/**
 * The one place the store waits for a future of the asynchronous Pigeonhole API: a failure comes out as the
 * typed {@link ThinClientException} the future failed with (not wrapped in a {@link CompletionException}).
 * Every such future has a deadline of its own, at which it fails with the thin client's
 * {@link RequestTimeoutException} (naming the call and what went wrong); this wait lasts {@link #PAST_DEADLINE}
 * longer, so that the future's own failure is what the caller sees, and only a future that outlives its deadline
 * ends the wait, with a {@link RequestTimeoutException} of this class, cancelling the future (which cancels the
 * daemon's resending, docs/pigeonhole.md#the-storage-api).
 */
final class Await {
    /**
     * How much longer than a future's own deadline the store waits for it: far more than its timer and callback
     * threads lag on a loaded machine, so the two timers never race.
     */
    static final Duration PAST_DEADLINE = Duration.ofSeconds(5);

    private Await() {}

    /**
     * The value of {@code future}, waiting at most {@link #PAST_DEADLINE} after {@code deadline}.
     *
     * @param deadline the deadline the future was started with
     * @throws ThinClientException what the future failed with (other throwables wrapped in one), among them the
     *     {@link RequestTimeoutException} it fails with at its deadline
     * @throws RequestTimeoutException when the future has not ended {@link #PAST_DEADLINE} after its deadline
     */
    static <T> T result(CompletableFuture<T> future, Duration deadline) {
        // a "forever" deadline waits as long as the thin client's calls do (docs/api.md), without overflowing
        Duration wait = deadline.compareTo(Durations.LONGEST) > 0 ? Durations.LONGEST : deadline.plus(PAST_DEADLINE);
        try {
            return future.get(Durations.toNanos(wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!future.cancel(false)) {
                return result(future, deadline); // it ended just after the wait: its outcome, at once
            }
            throw new RequestTimeoutException("no answer from kpclientd within " + wait + " (the call's deadline, "
                    + deadline + ", passed without ending it)", e);
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
