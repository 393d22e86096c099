package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.ClientClosedException;
import org.katzenpost.thin.MessageSendFailedException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;

/** The one SURB correlation behind sendMessage and reliable send: every way a wait ends releases its SURBs first. */
class SurbRepliesTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SurbReplies surbs = new SurbReplies(pool, timer);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private static MessageReplyEvent reply(SurbId surb) {
        return new MessageReplyEvent(null, surb, new byte[] {1, 2}, 0);
    }

    private static MessageSentEvent sent(SurbId surb, String error) {
        return new MessageSentEvent(null, surb, Instant.now(), Duration.ofSeconds(1), error);
    }

    /** The SURBs still registered when the future completed, as a dependent stage sees them. */
    private CompletableFuture<Integer> registeredAtCompletion(CompletableFuture<MessageReplyEvent> f) {
        return f.handle((r, t) -> surbs.size());
    }

    @Test
    void theFirstReplyToAnyOfItsSurbsCompletesTheWaitAndReleasesTheOthers() {
        CompletableFuture<MessageReplyEvent> f = new CompletableFuture<>();
        SurbReplies.Wait w = surbs.open(f, Duration.ofSeconds(10), () -> "late", "the message", null);
        SurbId first = SurbId.random();
        SurbId second = SurbId.random();
        assertThat(w.add(first.toBytes())).isTrue();
        assertThat(w.add(second.toBytes())).isTrue();
        CompletableFuture<Integer> left = registeredAtCompletion(f);
        surbs.replied(first.toBytes(), reply(first));
        assertThat(f.join().surbId()).isEqualTo(first);
        assertThat(left.join()).isZero();
        surbs.replied(second.toBytes(), reply(second)); // a late reply to an earlier attempt is ignored
        assertThat(surbs.size()).isZero();
    }

    @Test
    void aSurbCanBeWaitedOnOnlyOnce() {
        SurbId surb = SurbId.random();
        SurbReplies.Wait a = surbs.open(new CompletableFuture<>(), Duration.ofSeconds(10), () -> "late", "a", null);
        SurbReplies.Wait b = surbs.open(new CompletableFuture<>(), Duration.ofSeconds(10), () -> "late", "b", null);
        assertThat(a.add(surb.toBytes())).isTrue();
        assertThat(b.add(surb.toBytes())).isFalse();
        b.future.cancel(false); // releasing b must not release a's SURB
        assertThat(surbs.size()).isOne();
    }

    @Test
    void theDeadlineFailsTheWaitWithItsMessageAfterReleasingTheSurbs() {
        CompletableFuture<MessageReplyEvent> f = new CompletableFuture<>();
        SurbReplies.Wait w = surbs.open(f, Duration.ofMillis(50), () -> "no reply in time", "the message", null);
        w.add(SurbId.random().toBytes());
        CompletableFuture<Integer> left = registeredAtCompletion(f);
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RequestTimeoutException.class).hasMessage("no reply in time");
        assertThat(left.join()).isZero();
    }

    @Test
    void aSendErrorFailsTheWaitAndASuccessfulSendIsPassedOn() {
        AtomicInteger passedOn = new AtomicInteger();
        CompletableFuture<MessageReplyEvent> f = new CompletableFuture<>();
        SurbReplies.Wait w = surbs.open(f, Duration.ofSeconds(10), () -> "late", "msg-1",
                e -> passedOn.incrementAndGet());
        SurbId surb = SurbId.random();
        w.add(surb.toBytes());
        surbs.sent(surb.toBytes(), sent(surb, null));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> passedOn.get() == 1);
        assertThat(f).isNotDone();
        CompletableFuture<Integer> left = registeredAtCompletion(f);
        surbs.sent(surb.toBytes(), sent(surb, "no route"));
        assertThatThrownBy(f::join).cause().isInstanceOf(MessageSendFailedException.class)
                .hasMessage("kpclientd could not send msg-1: no route");
        assertThat(left.join()).isZero();
    }

    @Test
    void failAllEndsEveryWaitOnceWithTheCause() {
        CompletableFuture<MessageReplyEvent> f = new CompletableFuture<>();
        SurbReplies.Wait w = surbs.open(f, Duration.ofSeconds(10), () -> "late", "the message", null);
        w.add(SurbId.random().toBytes());
        w.add(SurbId.random().toBytes());
        ClientClosedException closed = new ClientClosedException("client closed");
        surbs.failAll(closed);
        assertThatThrownBy(f::join).cause().isSameAs(closed);
        assertThat(surbs.size()).isZero();
    }

    @Test
    void aReplyOrFailAllOnceTheCallbacksRefuseStillEndsTheWait() {
        // the callback pool as close() leaves it: a reply read just then must still complete its wait
        SessionTasks closing = new SessionTasks(pool);
        closing.shutdown();
        SurbReplies refusing = new SurbReplies(closing, timer);
        CompletableFuture<MessageReplyEvent> replied = new CompletableFuture<>();
        SurbId surb = SurbId.random();
        refusing.open(replied, Duration.ofSeconds(10), () -> "late", "the message", null).add(surb.toBytes());
        refusing.replied(surb.toBytes(), reply(surb));
        // completed on a thread of its own once the pool refuses: waited for, not assumed done at once
        assertThat(replied).succeedsWithin(Duration.ofSeconds(5)).matches(r -> r.surbId().equals(surb));

        CompletableFuture<MessageReplyEvent> failed = new CompletableFuture<>();
        refusing.open(failed, Duration.ofSeconds(10), () -> "late", "the message", null)
                .add(SurbId.random().toBytes());
        ClientClosedException closed = new ClientClosedException("client closed");
        refusing.failAll(closed);
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).cause().isSameAs(closed);
        assertThat(refusing.size()).isZero();
    }
}
