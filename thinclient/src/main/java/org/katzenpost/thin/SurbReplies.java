package org.katzenpost.thin;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.internal.wire.Requests;
import org.katzenpost.thin.internal.session.Session;
import org.katzenpost.thin.internal.stats.RecordedFuture;
import org.katzenpost.thin.internal.stats.StatisticsRecorder;
import org.katzenpost.thin.stats.RequestKind;

/**
 * The sends with a SURB of one {@link ThinClient}: each one's reply future, its deadline, and the recent futures
 * kept so that {@link ThinClientSync#awaitMessageReply(SurbId, Duration)} finds a reply that already arrived.
 */
final class SurbReplies {
    private static final int RECENT_REPLY_FUTURES = 1024;

    private final Session session;
    private final Map<SurbId, CompletableFuture<MessageReplyEvent>> replyFutures =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<SurbId, CompletableFuture<MessageReplyEvent>> e) {
                    return size() > RECENT_REPLY_FUTURES && e.getValue().isDone();
                }
            });

    SurbReplies(Session session) {
        this.session = session;
    }

    /** The future of a recent send with {@code surbId}, or null. */
    CompletableFuture<MessageReplyEvent> future(SurbId surbId) {
        return replyFutures.get(surbId);
    }

    /** Sends with {@code surbId}; arguments are checked by the caller; {@code requireMixnet} throws when offline. */
    CompletableFuture<MessageReplyEvent> send(SurbId surbId, byte[] payload, Destination destination, Duration timeout,
            Runnable requireMixnet) {
        StatisticsRecorder stats = session.statisticsRecorder();
        CompletableFuture<MessageReplyEvent> future = stats.enabled()
                ? new RecordedFuture<>(stats, RequestKind.SEND_MESSAGE, MessageReplyEvent::errorCode)
                : new CompletableFuture<>();
        byte[] surb = surbId.toBytes();
        // Bookkeeping is always released before the future completes, and completion runs on the callback
        // executor, so neither a caller nor a dependent stage ever sees a finished send still registered.
        Session.FailableSurbListener listener = new Session.FailableSurbListener() {
            @Override
            public void onSent(MessageSentEvent event) {
                if (event.error() != null) {
                    fail(new MessageSendFailedException("kpclientd could not send the message: " + event.error()));
                }
            }

            @Override
            public void onReply(MessageReplyEvent event) {
                future.complete(event); // the session already unregistered the SURB
            }

            @Override
            public void onFailure(ThinClientException cause) {
                fail(cause);
            }

            void fail(ThinClientException cause) {
                session.unregisterSurb(surb, this);
                future.completeExceptionally(cause);
            }
        };
        if (!session.registerSurb(surb, listener)) {
            IllegalArgumentException e = new IllegalArgumentException(surbId
                    + " is already waiting for a reply; use a fresh SURB id");
            future.completeExceptionally(e); // ends it in the statistics too
            throw e;
        }
        ScheduledFuture<?> timer = session.scheduler().schedule(() -> {
            session.unregisterSurb(surb, listener);
            session.callbackExecutor().execute(() -> future.completeExceptionally(
                    new RequestTimeoutException("no reply for " + surbId + " within " + timeout)));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((r, t) -> {
            timer.cancel(false);
            session.unregisterSurb(surb, listener); // for cancel(); a no-op otherwise
        });
        replyFutures.put(surbId, future);
        try {
            requireMixnet.run();
            session.sendOneWay(new Requests.SendMessage(null, true, surb, destination.nodeIdHash(),
                    destination.queueId(), payload));
        } catch (ThinClientException e) {
            session.unregisterSurb(surb, listener);
            future.completeExceptionally(e);
        }
        return future;
    }
}
