package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.katzenpost.thin.MessageSendFailedException;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Correlation of {@code send_message} with its reply, by SURB id: the one way a send waits for its reply, used by
 * {@code ThinClient.sendMessage} (one SURB) and by {@link ReliableSend} (a fresh SURB per transmission).
 *
 * <p>A send opens a {@link Wait}: a future with a deadline, and the SURB ids registered for it. The reader reports
 * the {@code message_sent_event} and {@code message_reply_event} of a registered SURB ({@link #sent},
 * {@link #replied}), and the wait's handlers run on the callback pool. A wait releases every SURB it holds before
 * its future completes, so neither a caller nor a dependent stage ever sees a finished send still registered; a
 * daemon error in the sent event fails it with {@link MessageSendFailedException}, the deadline with
 * {@link RequestTimeoutException}, and {@link #failAll} (close, or the connection lost for good) with its cause.
 */
final class SurbReplies {
    private static final Logger log = LoggerFactory.getLogger(SurbReplies.class);

    private final ConcurrentHashMap<IdKey, Wait> bySurb = new ConcurrentHashMap<>();
    private final Executor callbacks;
    private final ScheduledExecutorService scheduler;

    SurbReplies(Executor callbacks, ScheduledExecutorService scheduler) {
        this.callbacks = callbacks;
        this.scheduler = scheduler;
    }

    /**
     * Opens a wait that completes {@code future} with the first reply to any of its SURBs.
     *
     * @param future the future the caller gets
     * @param timeout when the wait fails with {@link RequestTimeoutException}
     * @param timeoutMessage the exception's message, made when the deadline passes
     * @param what what was sent, for the message of a send failure ("the message", a message id)
     * @param onSent told of each successful {@code message_sent_event} of the wait's SURBs (on the callback pool),
     *        or null
     * @return the wait; register its SURBs with {@link Wait#add}
     */
    Wait open(CompletableFuture<MessageReplyEvent> future, Duration timeout, Supplier<String> timeoutMessage,
            String what, Consumer<MessageSentEvent> onSent) {
        Wait w = new Wait(future, what, onSent);
        ScheduledFuture<?> deadline = scheduler.schedule(() -> w.fail(new RequestTimeoutException(timeoutMessage.get())),
                Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
        future.whenComplete((r, t) -> {
            deadline.cancel(false);
            w.release(); // for cancel(); a no-op otherwise
        });
        return w;
    }

    /** The reader got the {@code message_sent_event} of {@code surbId}. */
    void sent(byte[] surbId, MessageSentEvent event) {
        IdKey key = IdKey.of(surbId);
        Wait w = key == null ? null : bySurb.get(key);
        if (w != null) {
            SessionTasks.completeOn(callbacks, () -> w.sent(event));
        }
    }

    /** The reader got the {@code message_reply_event} of {@code surbId}: the first reply ends its wait. */
    void replied(byte[] surbId, MessageReplyEvent event) {
        IdKey key = IdKey.of(surbId);
        Wait w = key == null ? null : bySurb.remove(key);
        if (w != null) {
            SessionTasks.completeOn(callbacks, () -> w.replied(event));
        } else {
            log.debug("reply for SURB {} that no call is waiting for", event.surbId());
        }
    }

    /** Fails every open wait (on the callback pool). */
    void failAll(ThinClientException cause) {
        Set<Wait> failed = new LinkedHashSet<>();
        for (Map.Entry<IdKey, Wait> e : bySurb.entrySet()) {
            if (bySurb.remove(e.getKey(), e.getValue())) {
                failed.add(e.getValue());
            }
        }
        for (Wait w : failed) {
            SessionTasks.completeOn(callbacks, () -> w.failHere(cause));
        }
    }

    /** SURB ids registered (for tests and diagnostics). */
    int size() {
        return bySurb.size();
    }

    /** One send waiting for its reply on one or more SURB ids. */
    final class Wait {
        final CompletableFuture<MessageReplyEvent> future;
        private final String what;
        private final Consumer<MessageSentEvent> onSent;
        private final List<IdKey> keys = new ArrayList<>();

        private Wait(CompletableFuture<MessageReplyEvent> future, String what, Consumer<MessageSentEvent> onSent) {
            this.future = future;
            this.what = what;
            this.onSent = onSent;
        }

        /**
         * Registers another SURB id whose reply ends this wait.
         *
         * @return false when another send is already waiting on it
         */
        boolean add(byte[] surbId) {
            IdKey key = IdKey.of(surbId);
            synchronized (this) {
                if (future.isDone()) {
                    return true; // finished meanwhile: nothing to wait for, and nothing to release later
                }
                if (bySurb.putIfAbsent(key, this) != null) {
                    return false;
                }
                keys.add(key);
            }
            return true;
        }

        /** Unregisters every SURB id of this wait. */
        synchronized void release() {
            for (IdKey key : keys) {
                bySurb.remove(key, this);
            }
        }

        /** Releases the SURBs, then fails the future on the callback pool (so no timer thread runs user code). */
        void fail(ThinClientException cause) {
            release();
            SessionTasks.completeOn(callbacks, () -> future.completeExceptionally(cause));
        }

        /** As {@link #fail}, already on the callback pool. */
        void failHere(ThinClientException cause) {
            release();
            future.completeExceptionally(cause);
        }

        private void sent(MessageSentEvent event) {
            if (event.error() != null) {
                failHere(new MessageSendFailedException("kpclientd could not send " + what + ": "
                        + event.error()));
            } else if (onSent != null) {
                onSent.accept(event);
            }
        }

        private void replied(MessageReplyEvent event) {
            release();
            future.complete(event);
        }
    }
}
