package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.pigeonhole.ReplicaErrorCode;
import org.katzenpost.thin.pigeonhole.ReplicaErrorException;

class AwaitTest {
    @Test
    void aFailureComesOutAsItsTypedCause() {
        ReplicaErrorException cause = new ReplicaErrorException("read", ReplicaErrorCode.BOX_ID_NOT_FOUND);
        CompletableFuture<String> f = CompletableFuture.failedFuture(new CompletionException(cause));
        assertThatThrownBy(() -> Await.result(f, Duration.ofSeconds(5))).isSameAs(cause);
        CompletableFuture<String> g = new CompletableFuture<String>().thenApply(s -> s);
        g.completeExceptionally(cause);
        assertThatThrownBy(() -> Await.result(g, Duration.ofSeconds(5))).isSameAs(cause);
    }

    @Test
    void theFuturesOwnTimeoutIsWhatTheCallerGetsEvenWhenItsTimerRunsLate() {
        Duration deadline = Duration.ofMillis(200);
        RequestTimeoutException own = new RequestTimeoutException("encrypt_read got no reply within " + deadline);
        CompletableFuture<String> call = new CompletableFuture<>();
        // the thin client's timer fails the call at its deadline; here 300 ms late, as on a loaded machine
        CompletableFuture.delayedExecutor(deadline.toMillis() + 300, TimeUnit.MILLISECONDS)
                .execute(() -> call.completeExceptionally(own));
        assertThatThrownBy(() -> Await.result(call, deadline)).isSameAs(own);
    }

    @Test
    void aFutureThatOutlivesItsDeadlineEndsTheWaitSoonAfterAndIsCancelled() {
        CompletableFuture<String> never = new CompletableFuture<>();
        Duration deadline = Duration.ofMillis(200);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.result(never, deadline))
                .isInstanceOf(RequestTimeoutException.class).hasMessageContaining("passed without ending it");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(deadline.plus(Await.PAST_DEADLINE))
                .isLessThan(deadline.plus(Await.PAST_DEADLINE).plusSeconds(5));
        assertThat(never).isCancelled();
    }

    @Test
    void aValueIsReturned() {
        assertThat(Await.result(CompletableFuture.completedFuture("box"), Duration.ofSeconds(1))).isEqualTo("box");
    }
}
