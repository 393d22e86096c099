package org.katzenpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    void theWaitEndsAtTheDeadlineAndCancelsTheCall() {
        CompletableFuture<String> never = new CompletableFuture<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.result(never, Duration.ofMillis(200)))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200))
                .isLessThan(Duration.ofSeconds(5));
        assertThat(never).isCancelled();
    }

    @Test
    void aValueIsReturned() {
        assertThat(Await.result(CompletableFuture.completedFuture("box"), Duration.ofSeconds(1))).isEqualTo("box");
    }
}
