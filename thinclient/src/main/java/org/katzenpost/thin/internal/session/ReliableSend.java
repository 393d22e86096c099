package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.ReliableSendPolicy;
import org.katzenpost.thin.RetriesExhaustedException;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.Durations;
import org.katzenpost.thin.internal.wire.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side ARQ for one message: sends it with a fresh SURB, and again with another fresh SURB whenever no
 * reply came within the daemon's reply ETA plus slack. The reply correlation is the session's
 * ({@link SurbReplies}): every SURB stays registered on one wait until the operation ends, so a late reply to an
 * earlier attempt still counts; the first reply completes the future, later ones are ignored.
 */
public final class ReliableSend {
    private static final Logger log = LoggerFactory.getLogger(ReliableSend.class);

    private final Session session;
    private final ScheduledExecutorService scheduler;
    private final MessageId messageId;
    private final byte[] payload;
    private final Destination destination;
    private final ReliableSendPolicy policy;
    private final CompletableFuture<MessageReplyEvent> future = new CompletableFuture<>();
    private SurbReplies.Wait wait;
    /** The SURB of the latest transmission: only its sent event moves the retry timer. */
    private SurbId latest;
    private int transmissions;
    private ScheduledFuture<?> retryTimer;

    public ReliableSend(Session session, MessageId messageId, byte[] payload, Destination destination,
            ReliableSendPolicy policy) {
        this.session = session;
        this.scheduler = session.scheduler();
        this.messageId = messageId;
        this.payload = payload.clone();
        this.destination = destination;
        this.policy = policy;
    }

    /** Starts the first transmission; the future fails at {@code deadline} at the latest. */
    public CompletableFuture<MessageReplyEvent> start(Duration deadline) {
        SurbReplies.Wait w = session.surbReplies().open(future, deadline, () -> "reliable send of " + messageId
                + " got no reply within " + deadline + " after " + transmissions() + " transmission(s)",
                messageId.toString(), this::onSent);
        synchronized (this) {
            wait = w;
        }
        future.whenComplete((r, t) -> cancelRetry());
        transmit();
        return future;
    }

    private synchronized int transmissions() {
        return transmissions;
    }

    private void transmit() {
        SurbId surb;
        synchronized (this) {
            if (future.isDone()) {
                return;
            }
            if (transmissions > policy.maxRetransmissions()) {
                surb = null;
            } else {
                transmissions++;
                surb = SurbId.random();
                latest = surb;
                wait.add(surb.toBytes());
                scheduleRetry(policy.initialRoundTrip());
            }
        }
        if (surb == null) {
            wait.fail(new RetriesExhaustedException("reliable send of " + messageId + " got no reply after "
                    + transmissions() + " transmission(s)"));
            return;
        }
        try {
            session.sendOneWay(new Requests.SendMessage(messageId.toBytes(), true, surb.toBytes(),
                    destination.nodeIdHash(), destination.queueId(), payload));
            log.debug("reliable send of {}: transmission {}", messageId, transmissions());
        } catch (ThinClientException e) {
            // Disconnected or offline: the retry timer tries again; the deadline bounds the whole operation.
            log.debug("reliable send of {}: transmission failed, will retry: {}", messageId, e.getMessage());
        }
    }

    private synchronized void scheduleRetry(Duration after) {
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        retryTimer = scheduler.schedule(this::transmit, Durations.toNanos(after), TimeUnit.NANOSECONDS);
    }

    /** The daemon sent a transmission: the next retry waits for its reply ETA plus slack. */
    private void onSent(MessageSentEvent event) {
        synchronized (this) {
            if (!future.isDone() && event.surbId() != null && event.surbId().equals(latest)) {
                // each part at most a century (Durations.LONGEST), so their sum cannot overflow
                scheduleRetry(Duration.ofNanos(Durations.toNanos(event.replyEta()) + Durations.toNanos(policy.slack())));
            }
        }
    }

    private synchronized void cancelRetry() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
    }
}
