package org.katzenpost.thin.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.MessageId;
import org.katzenpost.thin.MessageSendFailedException;
import org.katzenpost.thin.ReliableSendPolicy;
import org.katzenpost.thin.RetriesExhaustedException;
import org.katzenpost.thin.SurbId;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.MessageSentEvent;
import org.katzenpost.thin.internal.wire.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side ARQ for one message: sends it with a fresh SURB, and again with another fresh SURB whenever no
 * reply came within the daemon's reply ETA plus slack. Every SURB stays registered until the operation ends,
 * so a late reply to an earlier attempt still counts; the first reply completes the future, later ones are
 * ignored (duplicates suppressed).
 */
public final class ReliableSend implements Session.FailableSurbListener {
    private static final Logger log = LoggerFactory.getLogger(ReliableSend.class);

    private final Session session;
    private final MessageId messageId;
    private final byte[] payload;
    private final Destination destination;
    private final ReliableSendPolicy policy;
    private final CompletableFuture<MessageReplyEvent> future = new CompletableFuture<>();
    private final List<byte[]> surbs = new ArrayList<>();
    private int transmissions;
    private ScheduledFuture<?> retryTimer;

    public ReliableSend(Session session, MessageId messageId, byte[] payload, Destination destination,
            ReliableSendPolicy policy) {
        this.session = session;
        this.messageId = messageId;
        this.payload = payload.clone();
        this.destination = destination;
        this.policy = policy;
    }

    /** Starts the first transmission; the future fails at {@code deadline} at the latest. */
    public CompletableFuture<MessageReplyEvent> start(Duration deadline) {
        ScheduledFuture<?> overall = session.scheduler().schedule(() -> fail(new org.katzenpost.thin.RequestTimeoutException(
                "reliable send of " + messageId + " got no reply within " + deadline + " after " + transmissions()
                        + " transmission(s)")), deadline.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((r, t) -> {
            overall.cancel(false);
            cleanup();
        });
        transmit();
        return future;
    }

    private synchronized int transmissions() {
        return transmissions;
    }

    private void transmit() {
        byte[] surb;
        synchronized (this) {
            if (future.isDone()) {
                return;
            }
            if (transmissions > policy.maxRetransmissions()) {
                surb = null;
            } else {
                transmissions++;
                surb = SurbId.random().toBytes();
                surbs.add(surb);
                session.registerSurb(surb, this);
                scheduleRetry(policy.initialRoundTrip());
            }
        }
        if (surb == null) {
            fail(new RetriesExhaustedException("reliable send of " + messageId + " got no reply after "
                    + transmissions() + " transmission(s)"));
            return;
        }
        try {
            session.sendOneWay(new Requests.SendMessage(messageId.toBytes(), true, surb, destination.nodeIdHash(),
                    destination.queueId(), payload));
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
        retryTimer = session.scheduler().schedule(this::transmit, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onSent(MessageSentEvent event) {
        if (event.error() != null) {
            fail(new MessageSendFailedException("kpclientd could not send " + messageId + ": " + event.error()));
            return;
        }
        synchronized (this) {
            if (!future.isDone() && surbs.size() > 0
                    && java.util.Arrays.equals(surbs.get(surbs.size() - 1), event.surbId().toBytes())) {
                scheduleRetry(event.replyEta().plus(policy.slack()));
            }
        }
    }

    @Override
    public void onReply(MessageReplyEvent event) {
        cleanup();
        future.complete(event); // runs on the callback executor already
    }

    @Override
    public void onFailure(ThinClientException cause) {
        fail(cause);
    }

    /** Releases the SURBs and timers first, then fails the future on the callback executor. */
    private void fail(ThinClientException e) {
        cleanup();
        session.callbackExecutor().execute(() -> future.completeExceptionally(e));
    }

    private synchronized void cleanup() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        for (byte[] s : surbs) {
            session.unregisterSurb(s, this);
        }
    }
}
