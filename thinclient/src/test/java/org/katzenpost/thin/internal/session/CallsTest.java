package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.QueryId;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.wire.Responses.GetDirectoryAuthoritiesReply;
import org.katzenpost.thin.internal.wire.WireCodec;

/**
 * The call table on its own, over a session that never connects (its calls wait for a reconnect), with a callback
 * pool that is already shut down: as close() leaves it when a deadline or a lost connection races it.
 */
class CallsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Session session = new Session(ThinClientConfig.builder().dial(Dial.tcp("127.0.0.1:1")).build());
    private final SessionTasks closing = new SessionTasks(Runnable::run);
    private final Calls calls = new Calls(session, new WireCodec(), closing, new Completions(closing, timer), timer,
            new StatisticsRecorder());

    {
        closing.shutdown();
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        session.close();
    }

    private CompletableFuture<GetDirectoryAuthoritiesReply> call(Duration timeout) {
        return calls.call(new Requests.GetDirectoryAuthorities(QueryId.random().toBytes()),
                GetDirectoryAuthoritiesReply.class, timeout, Reissue.NEVER);
    }

    @Test
    void aDeadlineThatPassesOnceTheCallbacksRefuseStillFailsTheCall() {
        CompletableFuture<GetDirectoryAuthoritiesReply> f = call(Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(5)).until(f::isDone);
        assertThat(f).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(calls.size()).isZero();
    }

    @Test
    void failAllOnceTheCallbacksRefuseStillFailsEveryCall() {
        CompletableFuture<GetDirectoryAuthoritiesReply> a = call(Duration.ofSeconds(30));
        CompletableFuture<GetDirectoryAuthoritiesReply> b = call(Duration.ofSeconds(30));
        calls.failAll(new ClientClosedException("client closed"));
        // completed on a thread of its own once the pool refuses: waited for, not assumed done at once
        assertThat(a).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(ClientClosedException.class);
        assertThat(b).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(ClientClosedException.class);
        assertThat(calls.size()).isZero();
    }
}
